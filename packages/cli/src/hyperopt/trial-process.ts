// One trial worker (a child process of `overture hyperopt`): reads the dataset once, then trains the
// trials it is sent, one at a time, reporting after every evaluation and obeying the answers.
import { initBackend, readTable, runHyperoptTrial, type RawTable } from '@overture/trainer';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import path from 'node:path';

const send = (message: FromWorker) => process.send?.(message);

// The parent's death ends the trial: no orphan training. 'disconnect' covers a clean exit; a killed
// parent is seen by polling the parent pid (the child is re-parented).
process.on('disconnect', () => process.exit(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

let setup: WorkerSetup | null = null;
let table: RawTable | null = null;
let current: { id: number; stop: boolean; pending: Map<number, (stop: boolean) => void>; seq: number } | null = null;

async function runTrial(id: number, parameters: Record<string, unknown>, outputDirectory: string): Promise<void> {
  const trial = { id, stop: false, pending: new Map<number, (stop: boolean) => void>(), seq: 0 };
  current = trial;
  try {
    const result = await runHyperoptTrial({
      table: table!, baseConfig: setup!.baseConfig, hyperopt: setup!.hyperopt, parameters, seed: setup!.seed, outputDirectory,
      datasetName: path.basename(setup!.dataset),
      report: (metricScore) => {
        if (trial.stop) return 'stop';
        const seq = trial.seq++;
        send({ type: 'report', id, seq, metricScore });
        return new Promise((resolve) => trial.pending.set(seq, (stop) => resolve(stop || trial.stop ? 'stop' : 'continue')));
      },
    });
    send({
      type: 'done', id,
      result: { ...result, trainingStats: result.trainingStats as unknown as Record<string, unknown> },
    });
  } catch (error) {
    // The summary line: an OvertureError's message already names each problem.
    send({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    current = null;
  }
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'setup':
      setup = message.setup;
      void (async () => {
        try {
          await initBackend(setup!.backend);
          table = await readTable(setup!.dataset);
          send({ type: 'ready' });
        } catch (error) {
          send({ type: 'setup_failed', message: error instanceof Error ? error.message : String(error) });
        }
      })();
      break;
    case 'trial':
      void runTrial(message.id, message.parameters, message.outputDirectory);
      break;
    case 'decision':
      if (current?.id === message.id) {
        current.pending.get(message.seq)?.(message.stop);
        current.pending.delete(message.seq);
      }
      break;
    case 'stop':
      if (current?.id === message.id) {
        current.stop = true;
        for (const resolve of current.pending.values()) resolve(true);
        current.pending.clear();
      }
      break;
  }
});
