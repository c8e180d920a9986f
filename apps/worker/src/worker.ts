import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { Worker, type Job } from 'bullmq';
import { createDb } from '@overture/db';
import { describeBackend } from '@overture/trainer/backend-info';
import { beatWorker, createRedis, jobsOfQueue, isJobName, retireWorker, type QueueName } from '@overture/jobs';
import { readLimitsOf, type WorkerEnv } from './env.js';
import type { Logger, WorkerContext } from './context.js';
import { handlers } from './handlers/index.js';
import { checkServices } from './startup-checks.js';
import { STOP } from './threads/protocol.js';

export interface RunningWorker {
  workerId: string;
  context: WorkerContext;
  /** Graceful stop: running trainings checkpoint and hand their runs back, then connections close. */
  close(): Promise<void>;
}

/** Starts one worker process's BullMQ consumers, heartbeat and connections. */
export async function startWorker(env: WorkerEnv, log: Logger = (m) => console.log(m)): Promise<RunningWorker> {
  const workerId = `${hostname()}:${process.pid}`;
  const dataDir = path.resolve(env.DATA_DIR);
  await fs.mkdir(dataDir, { recursive: true });
  const database = createDb(env.DATABASE_URL, { max: 4 + env.WORKER_CONCURRENCY, applicationName: `overture-worker ${workerId}`, onIdleError: (e) => log(`postgres connection lost (${e.message}); reconnecting on next use`) });
  try {
    await checkServices(database.db, env.DATABASE_URL, env.REDIS_URL);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  const redis = createRedis(env.REDIS_URL);
  redis.on('error', () => undefined); // ioredis reconnects by itself; BullMQ reports its own errors
  const context: WorkerContext = {
    db: database.db, redis, prefix: env.OVERTURE_REDIS_PREFIX, dataDir, workerId, backend: env.OVERTURE_BACKEND, log,
    active: new Map(), shuttingDown: false, progressIntervalMs: env.WORKER_PROGRESS_INTERVAL_MS,
    readLimits: readLimitsOf(env), previewRows: env.OVERTURE_PREVIEW_ROWS,
  };

  const concurrency: Record<QueueName, number> = { datasets: 1, training: env.WORKER_CONCURRENCY, predictions: 1 };
  const workers = env.WORKER_QUEUES.map((queue) => {
    const worker = new Worker(queue, async (job: Job, token?: string) => {
      if (!isJobName(job.name) || !jobsOfQueue(queue).includes(job.name)) throw new Error(`no handler for job '${job.name}' on queue ${queue}`);
      const handler = handlers[job.name] as (ctx: WorkerContext, job: Job, token?: string) => Promise<unknown>;
      return handler(context, job, token);
    }, {
      connection: redis.duplicate(),
      prefix: env.OVERTURE_REDIS_PREFIX,
      concurrency: concurrency[queue],
      lockDuration: env.WORKER_LOCK_DURATION_MS,
      stalledInterval: env.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: 3,
      autorun: true,
    });
    worker.on('error', (error) => log(`queue ${queue}: ${error.message}`));
    worker.on('failed', (job, error) => log(`job ${job?.name} ${job?.id} failed: ${error.message}`));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  const startedAt = new Date().toISOString();
  const engine = { ...describeBackend(env.OVERTURE_BACKEND), trainingThreads: env.WORKER_QUEUES.includes('training') ? env.WORKER_CONCURRENCY : 0, cores: availableParallelism() };
  const beat = () => beatWorker(redis, context.prefix, {
    workerId, hostname: hostname(), pid: process.pid, startedAt, queues: env.WORKER_QUEUES, concurrency: env.WORKER_CONCURRENCY,
    activeJobs: [...context.active.keys()], backend: env.OVERTURE_BACKEND, engine,
  }, env.WORKER_HEARTBEAT_SECONDS * 3).catch(() => undefined);
  await beat();
  const heartbeat = setInterval(beat, env.WORKER_HEARTBEAT_SECONDS * 1000);
  log(`worker ${workerId} serving ${env.WORKER_QUEUES.join(', ')} (training concurrency ${env.WORKER_CONCURRENCY}), DATA_DIR ${dataDir}`);

  let closing: Promise<void> | null = null;
  return {
    workerId,
    context,
    close() {
      closing ??= (async () => {
        context.shuttingDown = true;
        for (const training of context.active.values()) training.stop(STOP.shutdown);
        await Promise.all(workers.map((w) => w.close()));
        clearInterval(heartbeat);
        await retireWorker(redis, context.prefix, workerId).catch(() => undefined);
        redis.disconnect();
        await database.close().catch(() => undefined);
      })();
      return closing;
    },
  };
}
