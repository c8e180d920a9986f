import { z } from 'zod';
import { envInt, parseEnvironment, serviceEnvFields } from '@overture/config';
import { queueNames, type QueueName } from '@overture/jobs';
import { defaultReadLimits, readLimitSettings, type ReadLimits } from '@overture/trainer/data';

type ReadLimitVariable = (typeof readLimitSettings)[keyof ReadLimits];

/**
 * What a compressed dataset (.xlsx, Parquet) may expand to while the worker reads it (trainer
 * `ReadLimits`; the variable names are the trainer's `readLimitSettings`, so its errors name them).
 */
const readLimitFields = Object.fromEntries(
  (Object.keys(readLimitSettings) as (keyof ReadLimits)[]).map((key) => [readLimitSettings[key], envInt(1, Number.MAX_SAFE_INTEGER, defaultReadLimits[key])]),
) as Record<ReadLimitVariable, ReturnType<typeof envInt>>;

/** The read limits of the parsed environment, as the trainer's readers take them. */
export function readLimitsOf(env: Record<ReadLimitVariable, number>): ReadLimits {
  return Object.fromEntries((Object.keys(readLimitSettings) as (keyof ReadLimits)[]).map((key) => [key, env[readLimitSettings[key]]])) as unknown as ReadLimits;
}

/** The worker's environment (DESIGN.md "Contracts"), parsed once at start-up. */
export const ZWorkerEnv = z.object({
  ...serviceEnvFields,
  /** Trainings this process runs at once (each in its own thread). */
  WORKER_CONCURRENCY: envInt(1, 64, 1),
  /** Comma-separated queues this worker serves (default: all). */
  WORKER_QUEUES: z.string().default(queueNames.join(',')).transform((v, ctx) => {
    const names = v.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = names.filter((n) => !(queueNames as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) {
      ctx.addIssue({ code: 'custom', message: `unknown queue(s) ${unknown.join(', ') || '(none given)'}; use some of ${queueNames.join(', ')}` });
      return z.NEVER;
    }
    return names as QueueName[];
  }),
  OVERTURE_BACKEND: z.enum(['wasm', 'cpu', 'tensorflow']).optional(),
  /** A dead worker's job is taken over after about lock duration + stalled interval. */
  WORKER_LOCK_DURATION_MS: envInt(2000, 600_000, 15_000),
  WORKER_STALLED_INTERVAL_MS: envInt(1000, 600_000, 5000),
  WORKER_PROGRESS_INTERVAL_MS: envInt(100, 60_000, 1000),
  WORKER_HEARTBEAT_SECONDS: envInt(1, 300, 5),
  /** Serves Prometheus metrics at http://127.0.0.1:<port>/metrics when set (off by default: the port is internal). */
  OVERTURE_WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  ...readLimitFields,
  /** Rows of an .xlsx, Parquet or JSON dataset written to its preview (the web pages these). */
  OVERTURE_PREVIEW_ROWS: envInt(1, 100_000_000, 100_000),
});
export type WorkerEnv = z.infer<typeof ZWorkerEnv>;

/** Parses the environment or throws one message listing every bad variable. */
export function parseWorkerEnv(env: Record<string, string | undefined>): WorkerEnv {
  return parseEnvironment(ZWorkerEnv, env, 'worker');
}
