import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/**
 * THE web↔worker contract: every job's name, queue, payload, result and default options.
 * Payloads carry ids only — the Postgres row is the truth. New payload fields start optional
 * so that jobs already in the queue still parse.
 */

// `hyperopt` holds study coordinators only: they wait on trials, so they must never take a training slot.
export const queueNames = ['datasets', 'training', 'predictions', 'hyperopt'] as const;
export type QueueName = (typeof queueNames)[number];

const ZId = z.uuid();

const ZTrainingRunResult = z.object({
  status: z.enum(['completed', 'failed', 'cancelled', 'skipped']),
  attempt: z.number().int().optional(),
  stopReason: z.string().optional(),
  resumedFromStep: z.number().int().nullable().optional(),
});

export interface JobDefinition<P extends z.ZodType, R extends z.ZodType> {
  queue: QueueName;
  payload: P;
  result: R;
  options: JobsOptions;
  /** Wall-clock limit of one attempt; a hung job is stopped and failed (BullMQ has none of its own). */
  timeoutMs: number;
  /** BullMQ job id derived from the payload (runs: the run id, so one run is one job); '' leaves it to BullMQ. */
  jobId?: (payload: never) => string;
}

const keepFinished: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
};

const HOUR = 3600_000;

export const jobCatalog = {
  'dataset.profile': {
    queue: 'datasets',
    payload: z.object({ datasetId: ZId }),
    result: z.object({ rowCount: z.number().int(), columns: z.number().int() }),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...keepFinished },
    timeoutMs: 1 * HOUR,
  },
  'training.run': {
    queue: 'training',
    payload: z.object({ runId: ZId }),
    result: ZTrainingRunResult,
    // Retries resume from the last checkpoint; bad configs and data fail at once (UnrecoverableError).
    options: { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, ...keepFinished },
    timeoutMs: 24 * HOUR,
    jobId: (p: { runId: string }) => p.runId,
  },
  'training.evaluate': {
    queue: 'training',
    payload: z.object({ runId: ZId, datasetId: ZId, split: z.enum(['training', 'validation', 'test', 'full']).optional() }),
    result: z.object({ artifactId: z.string(), rows: z.number().int() }),
    options: { attempts: 2, backoff: { type: 'exponential', delay: 2000 }, ...keepFinished },
    timeoutMs: 2 * HOUR,
  },
  'hyperopt.study': {
    queue: 'hyperopt',
    payload: z.object({ studyId: ZId }),
    result: z.object({ status: z.enum(['completed', 'failed', 'cancelled', 'skipped']), bestTrial: z.number().int().nullable().optional() }),
    // A coordinator that dies stalls its job; the next attempt resumes the study from Postgres.
    options: { attempts: 5, backoff: { type: 'fixed', delay: 1000 }, ...keepFinished },
    timeoutMs: 7 * 24 * HOUR,
    jobId: (p: { studyId: string }) => p.studyId,
  },
  'hyperopt.trial': {
    queue: 'training',
    // A normal run of the study's model version with the trial's parameters (job id = run id).
    payload: z.object({ runId: ZId, studyId: ZId }),
    result: ZTrainingRunResult,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, ...keepFinished },
    timeoutMs: 24 * HOUR,
    jobId: (p: { runId: string }) => p.runId,
  },
  'prediction.batch': {
    queue: 'predictions',
    // batchPredictionId: the batch_predictions row (its id names the output and is the job id); optional for jobs queued before it existed.
    payload: z.object({ runId: ZId, datasetId: ZId, batchPredictionId: ZId.optional() }),
    result: z.object({ artifactId: z.string(), rows: z.number().int(), failedRows: z.number().int() }),
    options: { attempts: 2, backoff: { type: 'exponential', delay: 2000 }, ...keepFinished },
    timeoutMs: 4 * HOUR,
    jobId: (p: { batchPredictionId?: string }) => p.batchPredictionId ?? '',
  },
} as const satisfies Record<string, JobDefinition<z.ZodType, z.ZodType>>;

export type JobName = keyof typeof jobCatalog;
export const jobNames = Object.keys(jobCatalog) as JobName[];
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]['payload']>;
export type JobResult<N extends JobName> = z.infer<(typeof jobCatalog)[N]['result']>;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobCatalog, name);
}

/** Job names served by a queue (a worker dispatches on `job.name`). */
export function jobsOfQueue(queue: QueueName): JobName[] {
  return jobNames.filter((name) => jobCatalog[name].queue === queue);
}

/** Validates a payload against the catalog; throws a zod error naming the bad field. */
export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return jobCatalog[name].payload.parse(data) as JobPayload<N>;
}
