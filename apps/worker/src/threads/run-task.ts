import { Worker } from 'node:worker_threads';
import { CONTROL, type ParentMessage, type SerializedError, type Task, type TaskResults, type ThreadMessage } from './protocol.js';

/** The thread's error, with the OvertureError code (user error) when it had one. */
export class TaskError extends Error {
  readonly code?: string;
  readonly details?: unknown[];
  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = serialized.name;
    this.code = serialized.code;
    this.details = serialized.details;
    if (serialized.stack) this.stack = serialized.stack;
  }
}

export interface RunningTask<R> {
  result: Promise<R>;
  /** Set the stop slot (STOP.*): the trainer checkpoints and stops at its next step. */
  stop(reason: number): void;
  reply(message: ParentMessage): void;
  terminate(): Promise<void>;
}

// Built (dist): the thread runs task-thread.js. From TypeScript sources (tests, tsx) a thread
// does not inherit the tsx loader, so a tiny bootstrap registers it before importing the entry.
const fromSource = import.meta.url.endsWith('.ts');
const entry = new URL(`./task-thread${fromSource ? '.ts' : '.js'}`, import.meta.url);
const sourceBootstrap = fromSource
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`
  : '';

/**
 * Runs a task in a worker thread. `onMessage` sees progress messages in order; the result
 * resolves with the task's result, or rejects with a TaskError (or a timeout).
 */
export function runTask<K extends Task['kind']>(
  task: Extract<Task, { kind: K }>,
  options: { backend?: string; timeoutMs: number; onMessage?: (message: ThreadMessage) => void },
): RunningTask<TaskResults[K]> {
  const control = new SharedArrayBuffer(4 * 4);
  const flags = new Int32Array(control);
  const workerData = { task, control, backend: options.backend };
  const worker = fromSource ? new Worker(sourceBootstrap, { eval: true, workerData }) : new Worker(entry, { workerData });
  const result = new Promise<TaskResults[K]>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`the ${task.kind} task did not finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped`)));
      void worker.terminate();
    }, options.timeoutMs);
    worker.on('message', (message: ThreadMessage) => {
      if (message.kind === 'done') settle(() => resolve(message.result as TaskResults[K]));
      else if (message.kind === 'error') settle(() => reject(new TaskError(message.error)));
      else options.onMessage?.(message);
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the ${task.kind} thread exited with code ${code} before finishing`))));
  });
  result.finally(() => void worker.terminate()).catch(() => undefined);
  return {
    result,
    stop: (reason) => { Atomics.store(flags, CONTROL.stop, reason); },
    reply: (message) => worker.postMessage(message),
    terminate: async () => { await worker.terminate(); },
  };
}
