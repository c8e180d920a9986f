import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getRun, type Run } from '@overture/db';
import { createQueues, type Queues } from '@overture/jobs';
import { createTestDatabase, createTestRedis, machineDatabaseUrl, machineRedisUrl, waitFor, type TestDatabase, type TestRedis } from '@overture/testing';
import { startWorkerProcess, type WorkerProcess, fastTakeover } from './worker-process.js';

export interface Platform {
  database: TestDatabase;
  redis: TestRedis;
  queues: Queues;
  dataDir: string;
  env: Record<string, string>;
  workers: WorkerProcess[];
  startWorker(extra?: Record<string, string>): Promise<WorkerProcess>;
  waitForRun(runId: string, done: (run: Run) => boolean, timeoutMs?: number): Promise<Run>;
  close(): Promise<void>;
}

/** A database, a Redis prefix and a DATA_DIR of this test file's own, and worker processes on them. */
export async function createPlatform(label: string, servers: { databaseServerUrl?: string; redisUrl?: string } = {}): Promise<Platform> {
  const database = await createTestDatabase(label, servers.databaseServerUrl ?? machineDatabaseUrl);
  const redis = createTestRedis(label, servers.redisUrl ?? machineRedisUrl);
  const queues = createQueues(redis.redis, redis.prefix);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `overture-${label}-`));
  const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, DATA_DIR: dataDir, OVERTURE_REDIS_PREFIX: redis.prefix, OVERTURE_BACKEND: 'wasm', ...fastTakeover };
  const workers: WorkerProcess[] = [];
  return {
    database, redis, queues, dataDir, env, workers,
    async startWorker(extra = {}) {
      const worker = await startWorkerProcess({ ...env, ...extra });
      workers.push(worker);
      return worker;
    },
    waitForRun(runId, done, timeoutMs = 120_000) {
      return waitFor(`run ${runId}`, async () => {
        const run = await getRun(database.db, runId);
        return run && done(run) ? run : null;
      }, timeoutMs, 100);
    },
    async close() {
      for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      await queues.close();
      await redis.cleanup();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
