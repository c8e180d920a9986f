import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '@overture/jobs';
import { seedDataset, seedRun, startPrivatePostgres, startPrivateRedis, toyConfig, toyCsv, waitFor, type PrivatePostgres, type PrivateRedis } from '@overture/testing';
import { createPlatform, type Platform } from './test/platform.js';
import { expectCompleteMetrics } from './test/expectations.js';

const terminal = (status: string) => ['completed', 'failed', 'cancelled'].includes(status);

// These restart the services, so they run on private instances on free ports, never the machine's.
describe('services restarting under a training', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let platform: Platform;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    redis = await startPrivateRedis();
    platform = await createPlatform('restarts', { databaseServerUrl: postgres.serverUrl, redisUrl: redis.url });
    await platform.startWorker();
  });
  afterAll(async () => {
    await platform?.close();
    await redis?.destroy();
    await postgres?.destroy();
  });

  const config = toyConfig({ epochs: 8, batchSize: 8, stepsPerCheckpoint: 50 });

  it('Postgres restarted: the worker retries its writes and the run completes with nothing lost', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(2000));
    const run = await seedRun(db, dataset, config);
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    await platform.waitForRun(run.id, (r) => r.status === 'running' && r.step >= 150, 60_000);
    await postgres.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await postgres.start();
    const done = await platform.waitForRun(run.id, (r) => terminal(r.status), 120_000);
    expect(done).toMatchObject({ status: 'completed', attempt: 1 });
    await expectCompleteMetrics(db, platform.dataDir, done);
    expect(platform.workers[0].output()).toMatch(/storing metrics failed .*retrying until the service is back/);
  });

  it('Redis restarted: the worker reconnects, the job completes and the next one is picked up', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(2000));
    const run = await seedRun(db, dataset, config, 43);
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    await platform.waitForRun(run.id, (r) => r.status === 'running' && r.step >= 150, 60_000);
    await redis.restart(1500);
    const done = await platform.waitForRun(run.id, (r) => terminal(r.status), 120_000);
    expect(done).toMatchObject({ status: 'completed', attempt: 1 });
    await expectCompleteMetrics(db, platform.dataDir, done);
    // The run row turns completed just before BullMQ moves the job out of 'active': wait for that.
    const counts = await waitFor('the training job to leave active', async () => {
      const c = await platform.queues.training.getJobCounts('completed', 'failed', 'active');
      return c.active === 0 ? c : null;
    });
    expect(counts).toMatchObject({ completed: 2, failed: 0, active: 0 });

    const next = await seedRun(db, dataset, toyConfig({ epochs: 1, batchSize: 64 }));
    await enqueue(platform.queues, 'training.run', { runId: next.id });
    expect((await platform.waitForRun(next.id, (r) => terminal(r.status), 60_000)).status).toBe('completed');
  });
});
