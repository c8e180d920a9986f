import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/database.js';
import { queuedRun } from '../test/fixtures.js';
import { claimRun } from './runs.js';
import { getRunMetrics, insertMetrics, listRunMetricSeries, type MetricPoint } from './metrics.js';

describe('run metrics', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => { database = await freshDatabase('metrics'); });
  afterAll(async () => { await database.drop(); });

  async function runningRun() {
    const run = await queuedRun(database.db);
    const claimed = await claimRun(database.db, { runId: run.id, workerId: 'host:1' });
    return { runId: run.id, attempt: claimed!.attempt };
  }

  it('stores a point once however often it is sent', async () => {
    const run = await runningRun();
    const points: MetricPoint[] = [1, 2, 3].map((step) => ({ split: 'validation', output: 'y', metric: 'accuracy', step, epoch: step - 1, value: step / 10 }));
    expect(await insertMetrics(database.db, { ...run, points })).toBe(3);
    expect(await insertMetrics(database.db, { ...run, points: [...points, { ...points[2], step: 4, value: 0.4 }] })).toBe(1);
    const [series] = await getRunMetrics(database.db, { runId: run.runId });
    expect(series).toEqual({
      split: 'validation', output: 'y', metric: 'accuracy', total: 4, downsampled: false,
      points: [{ step: 1, epoch: 0, value: 0.1 }, { step: 2, epoch: 1, value: 0.2 }, { step: 3, epoch: 2, value: 0.3 }, { step: 4, epoch: 2, value: 0.4 }],
    });
  });

  it('filters by output, metric and split and lists the series', async () => {
    const run = await runningRun();
    const points: MetricPoint[] = [];
    for (const split of ['training', 'validation']) for (const metric of ['loss', 'accuracy']) points.push({ split, output: 'y', metric, step: 10, epoch: 0, value: 1 });
    await insertMetrics(database.db, { ...run, points });
    const loss = await getRunMetrics(database.db, { runId: run.runId, metric: 'loss', split: 'validation' });
    expect(loss.map((s) => [s.split, s.metric])).toEqual([['validation', 'loss']]);
    expect(await listRunMetricSeries(database.db, run.runId)).toHaveLength(4);
  });

  it('downsamples a 1,000,000-point series to maxPoints, keeping its spike and dip, within 3 seconds', async () => {
    const run = await runningRun();
    await database.pool.query(
      `INSERT INTO run_metrics (run_id, split, output, metric, step, epoch, value)
       SELECT $1, 'training', 'combined', 'loss', s, s / 1000, CASE WHEN s = 654321 THEN 99 WHEN s = 123457 THEN -5 ELSE 1.0 / s END
       FROM generate_series(1, 1000000) AS s`, [run.runId]);
    await database.pool.query('ANALYZE run_metrics');
    const started = performance.now();
    const [series] = await getRunMetrics(database.db, { runId: run.runId, output: 'combined', metric: 'loss', split: 'training', maxPoints: 1000 });
    const ms = performance.now() - started;
    expect(series.total).toBe(1_000_000);
    expect(series.downsampled).toBe(true);
    expect(series.points.length).toBeLessThanOrEqual(1000);
    expect(series.points.length).toBeGreaterThan(900);
    expect(series.points.find((p) => p.value === 99)?.step).toBe(654321);
    expect(series.points.find((p) => p.value === -5)?.step).toBe(123457);
    const steps = series.points.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(ms).toBeLessThan(3000);
  }, 60_000);
});
