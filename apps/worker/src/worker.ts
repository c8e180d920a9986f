import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { WaitingError, Worker, type Job } from 'bullmq';
import { platformModelsDir } from '@overture/config';
import { createDb } from '@overture/db';
import { describeBackend } from '@overture/trainer/backend-info';
import { beatWorker, createRedis, jobRequestId, jobsOfQueue, isJobName, retireWorker, type QueueName } from '@overture/jobs';
import { readLimitsOf, type WorkerEnv } from './env.js';
import type { Logger, WorkerContext } from './context.js';
import { handlers } from './handlers/index.js';
import { jobOutcome, startMetricsServer, workerMetrics } from './observability/metrics.js';
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
  const modelsDir = path.resolve(platformModelsDir(env));
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
    db: database.db, redis, prefix: env.OVERTURE_REDIS_PREFIX, dataDir, modelsDir, workerId, backend: env.OVERTURE_BACKEND, log,
    active: new Map(), shuttingDown: false, progressIntervalMs: env.WORKER_PROGRESS_INTERVAL_MS,
    readLimits: readLimitsOf(env), previewRows: env.OVERTURE_PREVIEW_ROWS,
  };

  // Coordinators mostly wait on their trials: several share a process without taking a training slot.
  const concurrency: Record<QueueName, number> = { datasets: 1, training: env.WORKER_CONCURRENCY, predictions: 1, hyperopt: 8 };
  const workers = env.WORKER_QUEUES.map((queue) => {
    const worker = new Worker(queue, async (job: Job, token?: string) => {
      if (!isJobName(job.name) || !jobsOfQueue(queue).includes(job.name)) throw new Error(`no handler for job '${job.name}' on queue ${queue}`);
      const handler = handlers[job.name] as (ctx: WorkerContext, job: Job, token?: string) => Promise<unknown>;
      return runMeasured(job, () => handler(jobContext(context, job), job, token));
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
    worker.on('failed', (job, error) => log(`job ${job?.name} ${job?.id} failed: ${error.message}`, { level: 'warn', job: job?.name, jobId: job?.id, ...(job && jobRequestId(job.data) ? { requestId: jobRequestId(job.data) } : {}) }));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const metricsServer = env.OVERTURE_WORKER_METRICS_PORT === undefined ? null : await startMetricsServer(env.OVERTURE_WORKER_METRICS_PORT, log);
  if (metricsServer) log(`metrics at http://127.0.0.1:${metricsServer.port}/metrics`);

  const startedAt = new Date().toISOString();
  const engine = { ...describeBackend(env.OVERTURE_BACKEND), trainingThreads: env.WORKER_QUEUES.includes('training') ? env.WORKER_CONCURRENCY : 0, cores: availableParallelism() };
  const beat = () => beatWorker(redis, context.prefix, {
    workerId, hostname: hostname(), pid: process.pid, startedAt, queues: env.WORKER_QUEUES, concurrency: env.WORKER_CONCURRENCY,
    activeJobs: [...context.active.keys()], backend: env.OVERTURE_BACKEND, engine,
  }, env.WORKER_HEARTBEAT_SECONDS * 3).catch(() => undefined);
  await beat();
  const heartbeat = setInterval(beat, env.WORKER_HEARTBEAT_SECONDS * 1000);
  log(`worker ${workerId} serving ${env.WORKER_QUEUES.join(', ')} (training concurrency ${env.WORKER_CONCURRENCY}), DATA_DIR ${dataDir}, models root ${modelsDir}`);

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
        await metricsServer?.close();
        await retireWorker(redis, context.prefix, workerId).catch(() => undefined);
        redis.disconnect();
        await database.close().catch(() => undefined);
      })();
      return closing;
    },
  };
}

/**
 * The context a job's handler gets: the process's, with log lines that name the job and the web
 * request that enqueued it. A prototype, not a copy, so `shuttingDown` stays live.
 */
function jobContext(context: WorkerContext, job: Job): WorkerContext {
  const requestId = jobRequestId(job.data);
  const fields = { job: job.name, jobId: job.id, ...(requestId ? { requestId } : {}) };
  return Object.create(context, { log: { value: ((message, extra) => context.log(message, { ...fields, ...extra })) satisfies Logger } }) as WorkerContext;
}

/** Counts the job and its duration by outcome; a job moved back to the queue (shutdown) is `handed_back`. */
async function runMeasured(job: Job, work: () => Promise<unknown>): Promise<unknown> {
  const metrics = workerMetrics();
  const started = performance.now();
  metrics.activeJobs.inc({ job: job.name });
  let outcome = 'failed';
  try {
    const result = await work();
    outcome = jobOutcome(result);
    return result;
  } catch (error) {
    outcome = error instanceof WaitingError ? 'handed_back' : 'failed';
    throw error;
  } finally {
    metrics.activeJobs.dec({ job: job.name });
    metrics.jobs.inc({ job: job.name, outcome });
    metrics.jobDuration.observe({ job: job.name, outcome }, (performance.now() - started) / 1000);
  }
}
