import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Database } from '@overture/db';
import type { JobName, JobPayload, JobResult } from '@overture/jobs';
import type { ReadLimits } from '@overture/trainer/data';

/** A log line and its structured fields (request id, job); main.ts writes them as JSON. */
export type Logger = (message: string, fields?: Record<string, unknown>) => void;

/** What every job handler gets: connections and settings of this worker process. */
export interface WorkerContext {
  db: Database;
  /** Non-blocking commands (events, heartbeat); BullMQ has connections of its own. */
  redis: Redis;
  prefix: string;
  dataDir: string;
  /** The platform's models root of pretrained text encoders (OVERTURE_MODELS_DIR, default DATA_DIR/models). */
  modelsDir: string;
  /** `<hostname>:<pid>` */
  workerId: string;
  backend?: string;
  log: Logger;
  /** Trainings in progress, by run id: shutdown asks each to checkpoint and hand its run back. */
  active: Map<string, { stop(reason: number): void }>;
  shuttingDown: boolean;
  /** How often a training writes progress and looks for a cancellation (ms). */
  progressIntervalMs: number;
  /** Caps on what a compressed dataset may expand to (OVERTURE_MAX_* variables). */
  readLimits: ReadLimits;
  /** Rows written to the preview of a dataset the web cannot page itself. */
  previewRows: number;
}

export type Handler<N extends JobName> = (ctx: WorkerContext, job: Job<JobPayload<N>, JobResult<N>, N>, token: string | undefined) => Promise<JobResult<N>>;
