import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, listLiveWorkers } from '@overture/jobs';
import { seedDataset, seedRun, toyConfig, toyCsv } from '@overture/testing';
import { createPlatform, type Platform } from './test/platform.js';
import { expectCompleteMetrics } from './test/expectations.js';

describe('a pool of worker processes', () => {
  let platform: Platform;
  beforeAll(async () => { platform = await createPlatform('pool'); });
  afterAll(async () => { await platform?.close(); });

  it('drains 20 queued trainings with three workers: every run completes with complete, ordered metrics', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(300));
    const config = toyConfig({ epochs: 2, batchSize: 32 });
    const runs = [];
    for (let i = 0; i < 20; i++) runs.push(await seedRun(db, dataset, config, 40 + (i % 4)));
    for (const run of runs) await enqueue(platform.queues, 'training.run', { runId: run.id });
    const workers = await Promise.all([platform.startWorker(), platform.startWorker(), platform.startWorker()]);
    const workerIds = workers.map((w) => `${hostname()}:${w.pid}`).sort();
    expect((await listLiveWorkers(platform.redis.redis, platform.redis.prefix)).map((w) => w.workerId)).toEqual(workerIds);

    const finished = await Promise.all(runs.map((run) => platform.waitForRun(run.id, (r) => ['completed', 'failed', 'cancelled'].includes(r.status), 200_000)));
    expect(finished.map((r) => r.status)).toEqual(runs.map(() => 'completed'));
    for (const run of finished) {
      expect(workerIds).toContain(run.workerId);
      expect(run.attempt).toBe(1);
      expect(run.step, `run ${run.id}: step ${run.step} of ${run.totalSteps}, epoch ${run.epoch}`).toBe(run.totalSteps);
      await expectCompleteMetrics(db, platform.dataDir, run);
    }
    expect(new Set(finished.map((r) => r.workerId)).size).toBeGreaterThan(1);
    // Four seeds, five runs each: the preprocessed dataset is mostly reused from DATA_DIR.
    expect(finished.filter((r) => r.summary?.preprocessingCacheHit).length).toBeGreaterThanOrEqual(8);
  });
});
