// One trial worker (a child process of `overture hyperopt`), started once per study: loads the
// training stack once, then trains the trials it is sent, one at a time, reporting after every
// evaluation and obeying the answers. The data comes preprocessed from the study's cache; the
// table itself is read only for a trial sent without a cache entry.
import { promises as fs, constants } from 'node:fs';
import path from 'node:path';
import { initBackend, readTable, runHyperoptTrial, type RawTable } from '@overture/trainer';
import { readPreprocessed, type Preprocessed } from '@overture/trainer/preprocessing';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

const send = (message: FromWorker) => process.send?.(message);

// The parent's death ends the trial: no orphan training. 'disconnect' covers a clean exit; a killed
// parent is seen by polling the parent pid (the child is re-parented).
process.on('disconnect', () => process.exit(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

let setup: WorkerSetup | null = null;
let table: Promise<RawTable> | null = null;
// The last cache entry read: the trials of a study almost always share one, and keeping only the
// last bounds the memory to one preprocessed dataset.
let cached: { entry: string; value: Preprocessed } | null = null;
let current: { id: number; stop: boolean; pending: Map<number, (stop: boolean) => void>; seq: number } | null = null;

async function preprocessedFrom(entry: string | null): Promise<Preprocessed | undefined> {
  if (entry === null) return undefined;
  if (cached?.entry === entry) return cached.value;
  const value = await readPreprocessed(entry);
  if (!value) throw new Error(`the study's preprocessed dataset ${entry} could not be read`);
  cached = { entry, value };
  return value;
}

async function runTrial(id: number, parameters: Record<string, unknown>, outputDirectory: string, entry: string | null): Promise<void> {
  const trial = { id, stop: false, pending: new Map<number, (stop: boolean) => void>(), seq: 0 };
  current = trial;
  try {
    const preprocessed = await preprocessedFrom(entry);
    // With the data preprocessed, the table is not read (training reads only the processed arrays).
    const rows = preprocessed ? { columns: [], rowCount: 0, data: {} } : await (table ??= readTable(setup!.dataset));
    const result = await runHyperoptTrial({
      table: rows, preprocessed, baseConfig: setup!.baseConfig, hyperopt: setup!.hyperopt, parameters, seed: setup!.seed, outputDirectory,
      datasetName: path.basename(setup!.dataset), imageRoot: path.dirname(path.resolve(setup!.dataset)), modelsDir: setup!.modelsDir ?? null,
      // The user's own files: read as given, relative to the working directory (Ludwig's rule).
      embeddingsPath: (file) => path.resolve(file),
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
          // Readable now, though read only if a trial needs the table: a bad path fails the start, not every trial.
          await fs.access(setup!.dataset, constants.R_OK).catch(() => {
            throw new Error(`cannot read the dataset ${setup!.dataset}`);
          });
          send({ type: 'ready' });
        } catch (error) {
          send({ type: 'setup_failed', message: error instanceof Error ? error.message : String(error) });
        }
      })();
      break;
    case 'trial':
      void runTrial(message.id, message.parameters, message.outputDirectory, message.preprocessed);
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
