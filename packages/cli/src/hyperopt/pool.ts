import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OvertureError } from '@overture/config';
import type { TrialHandle, TrialSpec } from '@overture/trainer/hyperopt';
import type { FromWorker, ToWorker, TrialSummary, WorkerSetup } from './protocol.js';

/** How a trial process is started: the built JavaScript, or (tests, from sources) the TypeScript through tsx. */
function entry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return { file: fileURLToPath(new URL('./trial-process.js', import.meta.url)), execArgv: [] };
  return { file: fileURLToPath(new URL('./trial-process.ts', import.meta.url)), execArgv: ['--conditions=source', '--import', import.meta.resolve('tsx')] };
}

/** How long a stopped trial may take to end before its process is killed, by default. */
const defaultStopGraceMs = 15_000;

class ProcessDiedError extends Error {}

interface Worker {
  child: ChildProcess;
  /** The end of its stderr, to explain a crash. */
  stderr: string;
}

/**
 * Child processes that run trials, one each at a time: started once per study (loading the training
 * stack is most of a short trial's cost), each takes trials over IPC as slots free. A process that
 * dies fails its trial (with the end of its stderr) and is replaced.
 */
export class TrialPool {
  private idle: Worker[] = [];
  private waiting: { resolve: (worker: Worker) => void; reject: (error: Error) => void }[] = [];
  private all = new Set<Worker>();
  private closed = false;
  /** Processes alive or starting; when a replacement cannot start and none is left, trials fail with why. */
  private live = 0;
  private broken: Error | null = null;

  constructor(
    private readonly setup: WorkerSetup,
    private readonly size: number,
    private readonly stopGraceMs = defaultStopGraceMs,
    /** Told when a trial is run again after its process died. */
    private readonly onRetry: (spec: TrialSpec, reason: string) => void = () => undefined,
  ) {}

  /**
   * Starts the processes; each takes trials as soon as it is ready (trials may be run before this
   * resolves, and wait for the first). A process that cannot start fails the start and the waiting trials.
   */
  async start(): Promise<void> {
    this.live = this.size;
    try {
      await Promise.all(Array.from({ length: this.size }, () => this.spawn().then((w) => this.release(w))));
    } catch (error) {
      this.broken ??= error as Error;
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.broken);
      throw error;
    }
  }

  /** The trial processes' ids (tests kill one to see its trial fail and the process replaced). */
  pids(): number[] {
    return [...this.all].map((w) => w.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  private replace(): void {
    this.spawn().then((w) => this.release(w), (error: Error) => {
      if (--this.live > 0) return;
      this.broken = new Error(`no trial process is left: ${error.message}`);
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.broken);
    });
  }

  private spawn(): Promise<Worker> {
    const { file, execArgv } = entry();
    const child = fork(file, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const worker: Worker = { child, stderr: '' };
    child.stderr?.on('data', (chunk: Buffer) => {
      worker.stderr = (worker.stderr + chunk.toString('utf8')).slice(-2000);
    });
    this.all.add(worker);
    child.on('exit', () => this.all.delete(worker));
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') {
          child.off('message', onMessage);
          resolve(worker);
        } else if (message.type === 'setup_failed') {
          child.kill();
          reject(new OvertureError('invalid_input', message.message));
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code, signal) => reject(new Error(`a trial process exited while starting (${signal ?? `code ${code}`}): ${worker.stderr.trim()}`)));
      child.send({ type: 'setup', setup: this.setup } satisfies ToWorker);
    });
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next.resolve(worker);
    else this.idle.push(worker);
  }

  /**
   * Runs one trial in a free process; resolves with its results, rejects with why it failed. A trial
   * whose process dies is run once more in another process, which resumes it from the checkpoint in
   * its directory (the training saves one every epoch). `preprocessed`: the cache entry of the
   * trial's preprocessed dataset (null: the process preprocesses the table itself).
   */
  async run(spec: TrialSpec, handle: TrialHandle, outputDirectory: string, preprocessed: string | null = null): Promise<TrialSummary> {
    try {
      return await this.runOnce(spec, handle, outputDirectory, preprocessed);
    } catch (error) {
      if (!(error instanceof ProcessDiedError) || handle.signal.aborted || this.closed) throw error;
      this.onRetry(spec, error.message);
      return this.runOnce(spec, handle, outputDirectory, preprocessed);
    }
  }

  private async runOnce(spec: TrialSpec, handle: TrialHandle, outputDirectory: string, preprocessed: string | null): Promise<TrialSummary> {
    const worker = await this.acquire();
    const { child } = worker;
    return new Promise<TrialSummary>((resolve, reject) => {
      const send = (message: ToWorker) => {
        if (child.connected) child.send(message);
      };
      // A trial sees a stop at its next evaluation or checkpoint; one that does not end within the
      // grace period (a very long epoch) is killed, keeping the results it reported.
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        send({ type: 'stop', id: spec.id });
        killTimer ??= setTimeout(() => child.kill('SIGKILL'), this.stopGraceMs);
      };
      const finish = () => {
        clearTimeout(killTimer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        handle.signal.removeEventListener('abort', onAbort);
      };
      const onMessage = (message: FromWorker) => {
        if (!('id' in message) || message.id !== spec.id) return;
        if (message.type === 'report') {
          send({ type: 'decision', id: spec.id, seq: message.seq, stop: handle.report({ metricScore: message.metricScore }) === 'stop' });
        } else if (message.type === 'done' || message.type === 'failed') {
          finish();
          this.release(worker);
          if (message.type === 'done') resolve(message.result);
          else reject(new Error(message.message));
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        const stopped = killTimer !== undefined;
        finish();
        const tail = worker.stderr.trim().split('\n').slice(-3).join(' ');
        if (stopped) resolve({ metricScore: null, trainingStats: {}, evalStats: {}, modelDirectory: null, stopReason: 'killed', epochs: 0 });
        else reject(new ProcessDiedError(`the trial process died (${signal ?? `exit code ${code}`})${tail ? `: ${tail}` : ''}`));
        if (!this.closed) this.replace();
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      handle.signal.addEventListener('abort', onAbort);
      send({ type: 'trial', id: spec.id, parameters: spec.parameters, outputDirectory, preprocessed });
      if (handle.signal.aborted) onAbort();
    });
  }

  close(): void {
    this.closed = true;
    this.broken ??= new Error('the trial processes were closed');
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.broken);
    for (const { child } of this.all) child.kill();
    this.all.clear();
  }
}
