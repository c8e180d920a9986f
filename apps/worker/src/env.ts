import { z } from 'zod';
import { DEFAULT_PREFIX, queueNames, type QueueName } from '@overture/jobs';

const url = (schemes: string[], example: string) => z.string().refine((v) => {
  try {
    return schemes.includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, { message: `must be a URL like ${example}` });

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The worker's environment (DESIGN.md "Contracts"), parsed once at start-up. */
export const ZWorkerEnv = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgresql://user@host:5432/overture').default('postgresql://postgres@127.0.0.1:5432/overture'),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://host:6379').default('redis://127.0.0.1:6379'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Trainings this process runs at once (each in its own thread). */
  WORKER_CONCURRENCY: int(1, 64, 1),
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
  /** Key prefix of the queues and Overture's Redis keys; every process of one installation must agree. */
  OVERTURE_REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . - only').default(DEFAULT_PREFIX),
  OVERTURE_BACKEND: z.enum(['wasm', 'cpu', 'tensorflow']).optional(),
  /** A dead worker's job is taken over after about lock duration + stalled interval. */
  WORKER_LOCK_DURATION_MS: int(2000, 600_000, 15_000),
  WORKER_STALLED_INTERVAL_MS: int(1000, 600_000, 5000),
  WORKER_PROGRESS_INTERVAL_MS: int(100, 60_000, 1000),
  WORKER_HEARTBEAT_SECONDS: int(1, 300, 5),
});
export type WorkerEnv = z.infer<typeof ZWorkerEnv>;

/** Parses the environment or throws one message listing every bad variable. */
export function parseWorkerEnv(env: Record<string, string | undefined>): WorkerEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ZWorkerEnv.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}${i.path[0] && env[String(i.path[0])] !== undefined ? ` (got '${env[String(i.path[0])]}')` : ''}`);
  throw new Error(`invalid worker environment:\n${lines.join('\n')}`);
}
