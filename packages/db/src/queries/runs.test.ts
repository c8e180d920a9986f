import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/database.js';
import { queuedRun } from '../test/fixtures.js';
import { claimRun, finishRun, getRun, listRuns, releaseRun, requestRunCancel, updateRunProgress } from './runs.js';
import { insertMetrics } from './metrics.js';
import { appendRunLogs, getRunLogs } from './logs.js';
import { StaleAttemptError } from './errors.js';

describe('run lifecycle', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => { database = await freshDatabase('runs'); });
  afterAll(async () => { await database.drop(); });

  it('counts an attempt per claim and records the worker', async () => {
    const run = await queuedRun(database.db);
    expect(run.status).toBe('queued');
    const first = await claimRun(database.db, { runId: run.id, workerId: 'host:1' });
    const second = await claimRun(database.db, { runId: run.id, workerId: 'host:2' });
    expect([first?.attempt, second?.attempt]).toEqual([1, 2]);
    expect(second).toMatchObject({ status: 'running', workerId: 'host:2' });
    expect(second!.startedAt!.getTime()).toBe(first!.startedAt!.getTime());
  });

  it('refuses progress, metrics, logs and the final status from a stale attempt', async () => {
    const run = await queuedRun(database.db);
    await claimRun(database.db, { runId: run.id, workerId: 'host:1' });
    await claimRun(database.db, { runId: run.id, workerId: 'host:2' });
    const stale = { runId: run.id, attempt: 1 };
    await expect(updateRunProgress(database.db, { ...stale, epoch: 1, step: 5, progressPct: 10 })).rejects.toBeInstanceOf(StaleAttemptError);
    await expect(insertMetrics(database.db, { ...stale, points: [{ split: 'training', output: 'combined', metric: 'loss', step: 1, epoch: 0, value: 1 }] }))
      .rejects.toBeInstanceOf(StaleAttemptError);
    await expect(appendRunLogs(database.db, { ...stale, lines: [{ message: 'late' }] })).rejects.toBeInstanceOf(StaleAttemptError);
    await expect(finishRun(database.db, { ...stale, status: 'completed' })).rejects.toBeInstanceOf(StaleAttemptError);
    await appendRunLogs(database.db, { runId: run.id, attempt: 2, lines: [{ message: 'current' }] });
    expect((await getRunLogs(database.db, run.id)).map((l) => [l.attempt, l.message])).toEqual([[2, 'current']]);
    const done = await finishRun(database.db, { runId: run.id, attempt: 2, status: 'completed', summary: { stopReason: 'completed' } });
    expect(done).toMatchObject({ status: 'completed', progressPct: 100, summary: { stopReason: 'completed' } });
  });

  it('cancels a queued run at once and never lets a worker start it', async () => {
    const run = await queuedRun(database.db);
    expect((await requestRunCancel(database.db, run.id))?.status).toBe('cancelled');
    expect(await claimRun(database.db, { runId: run.id, workerId: 'host:1' })).toBeNull();
    expect((await getRun(database.db, run.id))?.status).toBe('cancelled');
  });

  it('tells the worker of a running run that cancellation was requested', async () => {
    const run = await queuedRun(database.db);
    const claimed = await claimRun(database.db, { runId: run.id, workerId: 'host:1' });
    const progress = { runId: run.id, attempt: claimed!.attempt, epoch: 0, step: 1, progressPct: 1 };
    expect(await updateRunProgress(database.db, progress)).toEqual({ cancelRequested: false });
    expect((await requestRunCancel(database.db, run.id))?.status).toBe('running');
    expect(await updateRunProgress(database.db, progress)).toEqual({ cancelRequested: true });
    expect(await claimRun(database.db, { runId: run.id, workerId: 'host:2' })).toBeNull();
    expect((await getRun(database.db, run.id))?.status).toBe('cancelled');
  });

  it('puts a released run back in the queue, keeping its attempt count', async () => {
    const run = await queuedRun(database.db);
    const claimed = await claimRun(database.db, { runId: run.id, workerId: 'host:1' });
    await releaseRun(database.db, { runId: run.id, attempt: claimed!.attempt });
    expect(await getRun(database.db, run.id)).toMatchObject({ status: 'queued', workerId: null, attempt: 1 });
    expect((await listRuns(database.db, { status: 'queued' })).map((r) => r.id)).toContain(run.id);
  });
});
