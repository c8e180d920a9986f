import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRunLogs, getRunMetrics } from '@overture/db';
import { enqueue } from '@overture/jobs';
import { seedDataset, seedRun, toyConfig, toyCsv } from '@overture/testing';
import { createPlatform, type Platform } from './test/platform.js';
import { expectCompleteMetrics, trainingStatistics } from './test/expectations.js';
import { waitForEvent } from './test/events.js';

const terminal = (status: string) => ['completed', 'failed', 'cancelled'].includes(status);

describe('a worker that dies or stops mid-training', () => {
  let platform: Platform;
  beforeAll(async () => { platform = await createPlatform('resume'); });
  afterAll(async () => { await platform?.close(); });

  // ~1,750 steps of ~3 ms: long enough to kill it after a checkpoint and well before the end.
  const longConfig = toyConfig({ epochs: 10, batchSize: 8, stepsPerCheckpoint: 50 });
  const weights = (runId: string) => readFileSync(path.join(platform.dataDir, 'runs', runId, 'output', 'model', 'weights', 'weights.bin'));

  it('is taken over after kill -9: another worker resumes from the checkpoint, stores no metric twice, and ends with the uninterrupted model', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(2000));
    const killed = await seedRun(db, dataset, longConfig, 7);
    const first = await platform.startWorker();
    await enqueue(platform.queues, 'training.run', { runId: killed.id });
    const checkpoint = await waitForEvent(platform.redis.redis, platform.redis.prefix, killed.id, (e) => e.type === 'checkpoint' && (e.step ?? 0) >= 300);
    first.kill('SIGKILL');
    await first.exited;
    const second = await platform.startWorker();
    const resumed = await platform.waitForRun(killed.id, (r) => terminal(r.status), 120_000);
    expect(resumed).toMatchObject({ status: 'completed', attempt: 2, workerId: `${hostname()}:${second.pid}` });
    expect(resumed.summary?.resumedFromStep).toBeGreaterThanOrEqual(checkpoint.step!);
    expect(resumed.summary?.resumedFromStep).toBeLessThan(resumed.totalSteps!);
    expect((await getRunLogs(db, killed.id)).map((l) => l.message)).toContainEqual(expect.stringMatching(/^resumed from the checkpoint at step \d+/));
    await expectCompleteMetrics(db, platform.dataDir, resumed);

    const reference = await seedRun(db, dataset, longConfig, 7);
    await enqueue(platform.queues, 'training.run', { runId: reference.id });
    const uninterrupted = await platform.waitForRun(reference.id, (r) => terminal(r.status), 120_000);
    expect(uninterrupted.status).toBe('completed');
    expect(weights(killed.id).equals(weights(reference.id))).toBe(true);
    expect(trainingStatistics(platform.dataDir, killed.id)).toEqual(trainingStatistics(platform.dataDir, reference.id));
    const strip = (series: Awaited<ReturnType<typeof getRunMetrics>>) => series.map((s) => ({ ...s, points: s.points.map((p) => [p.step, p.epoch, p.value]) }));
    expect(strip(await getRunMetrics(db, { runId: killed.id, maxPoints: 100_000 }))).toEqual(strip(await getRunMetrics(db, { runId: reference.id, maxPoints: 100_000 })));
    second.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('on SIGTERM checkpoints, hands the run back and exits; the next worker finishes it', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(2000));
    const run = await seedRun(db, dataset, longConfig, 8);
    const stopping = await platform.startWorker();
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    await waitForEvent(platform.redis.redis, platform.redis.prefix, run.id, (e) => e.type === 'checkpoint' && (e.step ?? 0) >= 200);
    stopping.kill('SIGTERM');
    expect(await stopping.exited).toEqual({ code: 0, signal: null });
    const handedBack = await platform.waitForRun(run.id, () => true);
    expect(handedBack).toMatchObject({ status: 'queued', workerId: null, attempt: 1 });
    expect(handedBack.step).toBeLessThan(handedBack.totalSteps!);
    const next = await platform.startWorker();
    const done = await platform.waitForRun(run.id, (r) => terminal(r.status), 120_000);
    expect(done).toMatchObject({ status: 'completed', attempt: 2, workerId: `${hostname()}:${next.pid}` });
    expect(done.summary?.resumedFromStep).toBeGreaterThanOrEqual(200);
    await expectCompleteMetrics(db, platform.dataDir, done);
  });
});
