import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { isWellFormedRequestId } from './logging.js';
import { jobCatalog, queueNames, type JobName, type JobPayload, type QueueName } from './catalog.js';

/** Who asked for a job: the web request's id, carried into the worker's log lines about it. */
export interface JobTrace {
  requestId?: string;
}

export type Queues = Record<QueueName, Queue> & { close(): Promise<void> };

/** One BullMQ Queue per catalog queue, sharing a connection. */
export function createQueues(connection: Redis, prefix: string, onError: (error: Error) => void = () => undefined): Queues {
  const entries = queueNames.map((name) => [name, new Queue(name, { connection, prefix }).on('error', onError)] as const);
  const queues = Object.fromEntries(entries) as Record<QueueName, Queue>;
  return Object.assign(queues, {
    async close() {
      await Promise.all(entries.map(([, q]) => q.close()));
    },
  });
}

/**
 * Validates the payload and adds the job with the catalog's defaults. Write the Postgres row
 * first (e.g. the run, status queued), then enqueue: the worker reads the row. Adding a run
 * that is already queued is a no-op (its job id is the run id).
 */
export async function enqueue<N extends JobName>(queues: Queues, name: N, payload: JobPayload<N>, options: JobsOptions = {}, trace: JobTrace = {}): Promise<string> {
  const definition = jobCatalog[name];
  const data = definition.payload.parse(payload) as JobPayload<N>;
  const jobId = 'jobId' in definition ? definition.jobId(data as never) : undefined;
  // Beside the payload, not in it: handlers parse the payload (zod drops it); logs read it with jobRequestId.
  const traced = isWellFormedRequestId(trace.requestId) ? { ...data, requestId: trace.requestId } : data;
  const job = await queues[definition.queue].add(name, traced, { ...definition.options, ...(jobId ? { jobId } : {}), ...options });
  return job.id!;
}

/** Removes a job that has not started (e.g. a cancelled queued run); false when it is running or gone. */
export async function removeWaitingJob(queues: Queues, name: JobName, jobId: string): Promise<boolean> {
  const job = await queues[jobCatalog[name].queue].getJob(jobId);
  if (!job) return false;
  const state = await job.getState();
  if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
  await job.remove();
  return true;
}
