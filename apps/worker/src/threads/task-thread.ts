// Entry of a worker thread: runs one task (training, profiling, evaluation, batch prediction) off
// the worker's event loop, so BullMQ lock renewals, heartbeats and cancellation keep running.
// A thread dies with its process: a killed worker leaves no orphan training behind.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, parseBackendName } from '@overture/trainer';
import type { SerializedError, Task, TaskResults, ThreadMessage } from './protocol.js';
import { runTrainTask } from './train-task.js';
import { runProfileTask } from './profile-task.js';
import { runEvaluateTask, runPredictTask } from './bundle-tasks.js';

export interface ThreadData {
  task: Task;
  control: SharedArrayBuffer;
  backend?: string;
}

export interface TaskContext {
  post(message: ThreadMessage): void;
  /** Resolves when the main thread has made everything posted so far durable; false when the attempt is stale. */
  flush(epoch: number, step: number): Promise<boolean>;
  control: Int32Array;
}

const port = parentPort!;
const data = workerData as ThreadData;
const pending = new Map<number, (ok: boolean) => void>();
let nextId = 1;
port.on('message', (m: { kind: 'flushed'; id: number; ok: boolean }) => {
  pending.get(m.id)?.(m.ok);
  pending.delete(m.id);
});

const context: TaskContext = {
  post: (message) => port.postMessage(message),
  flush: (epoch, step) => new Promise<boolean>((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    port.postMessage({ kind: 'before-checkpoint', id, epoch, step } satisfies ThreadMessage);
  }),
  control: new Int32Array(data.control),
};

const runners: { [K in Task['kind']]: (task: Extract<Task, { kind: K }>, ctx: TaskContext) => Promise<TaskResults[K]> } = {
  train: runTrainTask,
  profile: runProfileTask,
  evaluate: runEvaluateTask,
  predict: runPredictTask,
};

function serialize(error: unknown): SerializedError {
  const e = error as { name?: string; message?: string; code?: string; details?: unknown[]; stack?: string };
  return { name: e.name ?? 'Error', message: e.message ?? String(error), code: e.code, details: e.details, stack: e.stack };
}

try {
  if (data.task.kind !== 'profile') await initBackend(parseBackendName(data.backend));
  const result = await (runners[data.task.kind] as (task: Task, ctx: TaskContext) => Promise<TaskResults[keyof TaskResults]>)(data.task, context);
  port.postMessage({ kind: 'done', result } satisfies ThreadMessage);
} catch (error) {
  port.postMessage({ kind: 'error', error: serialize(error) } satisfies ThreadMessage);
}
