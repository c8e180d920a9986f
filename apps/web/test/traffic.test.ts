import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countPredictionLog, createRun, getDeployment, prunePredictionLog, recordPredictions, saveDatasetProfile } from '@overture/db';
import { ROLE_HEADER, VERSION_HEADER } from '@overture/deployments';
import { parsePrometheus, seedCompletedRun, seedDataset } from '@overture/testing';
import type { ColumnProfile, DatasetProfile } from '@overture/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures');
const colors = ['red', 'green', 'blue'];

/** Rows like the fixture bundle's training data: x1, x2 uniform on [-2, 2] (shifted by `shift`), colors evenly (or all `color`). */
function rows(count: number, seed: number, options: { shift?: number; color?: string } = {}) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = Math.imul(state ^ (state >>> 15), state | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () => ({
    x1: next() * 4 - 2 + (options.shift ?? 0), x2: next() * 4 - 2,
    color: options.color ?? colors[Math.floor(next() * 3)], day: '2024-07-14', tags: ['red', 'sale'],
  }));
}

/**
 * The profile the worker would store for these rows (what drift compares with), for the columns it
 * reads: 20 equal-width bins for numbers, value counts for the rest. The web never runs the trainer.
 */
function profileOf(data: ReturnType<typeof rows>): DatasetProfile {
  const column = (name: string, inferredType: ColumnProfile['inferredType'], values: (string | number)[]): ColumnProfile => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
    let histogram: ColumnProfile['histogram'] = null;
    let numeric: ColumnProfile['numeric'] = null;
    if (inferredType === 'number') {
      const numbers = values as number[];
      const min = Math.min(...numbers), max = Math.max(...numbers), width = (max - min) / 20;
      histogram = Array.from({ length: 20 }, (_, i) => ({ start: min + i * width, end: min + (i + 1) * width, count: 0 }));
      for (const n of numbers) histogram[Math.min(19, Math.floor((n - min) / width))].count += 1;
      const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
      numeric = { min, max, mean, std: Math.sqrt(numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / numbers.length) };
    }
    return {
      name, inferredType, inferenceReason: 'test', rowCount: values.length, missingCount: 0, missingRatio: 0, distinctCount: counts.size,
      topValues: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([value, count]) => ({ value, count })),
      numeric, histogram, averageWords: 1, idLike: false,
    };
  };
  return {
    rowCount: data.length, sampledRows: data.length,
    columns: [
      column('x1', 'number', data.map((r) => r.x1)), column('x2', 'number', data.map((r) => r.x2)), column('color', 'category', data.map((r) => r.color)),
      column('day', 'date', data.map((r) => r.day)), column('tags', 'set', data.map((r) => r.tags.join(' '))),
    ],
  };
}

function csvOf(data: ReturnType<typeof rows>): string {
  return `x1,x2,color,day,tags\n${data.map((r) => `${r.x1},${r.x2},${r.color},${r.day},${r.tags.join(' ')}`).join('\n')}\n`;
}

describe('traffic splits, the prediction log and drift', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let primary: string;
  let canary: string;
  let otherModel: string;
  let queued: string;

  beforeAll(async () => {
    t = await startTestApp('traffic', { OVERTURE_PREDICT_RATE_LIMIT: '100000' });
    member = await t.user('member');
    // The training data, profiled as the platform profiles an upload: what drift compares with.
    const training = rows(2_000, 7);
    const dataset = await seedDataset(t.database.db, t.dataDir, csvOf(training), 'traffic');
    await saveDatasetProfile(t.database.db, dataset.id, profileOf(training));
    const first = await seedCompletedRun(t.database.db, t.dataDir, path.join(fixtures, 'multi-task', 'model'), { dataset });
    primary = first.id;
    canary = (await seedCompletedRun(t.database.db, t.dataDir, path.join(fixtures, 'multi-task-v2', 'model'), { dataset, modelVersionId: first.modelVersionId })).id;
    otherModel = (await seedCompletedRun(t.database.db, t.dataDir, path.join(fixtures, 'multi-task-v2', 'model'))).id;
    queued = (await createRun(t.database.db, { modelVersionId: first.modelVersionId, datasetId: dataset.id, config: {} })).id;
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'split', runId: primary } }), 201);
  });
  afterAll(async () => { await t.close(); });

  const patch = (body: unknown, name = 'split') => t.call('PATCH', `/api/deployments/${name}/traffic`, { as: member.key, body });
  const predict = (instances: unknown[], name = 'split') => t.call('POST', `/predict/${name}`, { as: member.key, body: { instances } });

  it('sends a 10% canary share to the canary (within ±3% over 2,000 requests), naming the version that answered', async () => {
    const changed = await expectJson(await patch({ canary: { runId: canary, percent: 10 } }), 200);
    expect(changed.traffic).toEqual({ canary: { runId: canary, percent: 10 }, shadow: null, logPercent: 0 });
    const answered = { primary: 0, canary: 0 };
    for (let sent = 0; sent < 2_000; sent += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => predict(rows(1, sent + 1))));
      for (const response of batch) {
        expect(response.status).toBe(200);
        const role = response.headers.get(ROLE_HEADER) as 'primary' | 'canary';
        expect(response.headers.get(VERSION_HEADER)).toBe(role === 'canary' ? canary : primary);
        answered[role] += 1;
        await response.arrayBuffer();
      }
    }
    expect(answered.canary / 2_000).toBeGreaterThanOrEqual(0.07);
    expect(answered.canary / 2_000).toBeLessThanOrEqual(0.13);
    const detail = await expectJson(await t.call('GET', '/api/deployments/split', { as: member.key }), 200);
    expect(detail.traffic.canary).toEqual({ runId: canary, percent: 10 });
  });

  it('mirrors the shadow share: its answers are logged beside the answer returned, and never returned', async () => {
    await expectJson(await patch({ canary: null, shadow: { runId: canary, percent: 100 } }), 200);
    const input = rows(3, 99);
    const plain = await expectJson(await predict(input), 200);
    for (let i = 0; i < 19; i++) {
      const response = await predict(input);
      expect(response.headers.get(VERSION_HEADER)).toBe(primary);
      expect(await response.json()).toEqual(plain);
    }
    await waitForLog(20);
    const log = await expectJson(await t.call('GET', '/api/deployments/split/predictions?role=shadow&limit=50', { as: member.key }), 200);
    expect(log.counts).toEqual({ primary: 0, canary: 0, shadow: 20 });
    expect(log.entries).toHaveLength(20);
    for (const entry of log.entries) {
      expect(entry).toMatchObject({ role: 'shadow', runId: canary, rowCount: 3, error: null });
      expect(entry.instances).toEqual(input);
      expect(entry.answeredPredictions).toEqual(plain.predictions);
      expect(entry.predictions).toHaveLength(3);
    }
    // Another seed of the same config: the two versions mostly agree, not always.
    const kind = log.shadow.outputs.find((o: { output: string }) => o.output === 'kind');
    expect(kind).toMatchObject({ rows: 60, meanAbsoluteDifference: null });
    expect(kind.agreement).toBeGreaterThan(0);
    const admin = await t.user('admin');
    const scrape = parsePrometheus(await (await t.call('GET', '/api/metrics', { as: admin.key })).text());
    expect(scrape.value('overture_prediction_log_entries_total', { outcome: 'written' })).toBeGreaterThanOrEqual(20);
    // Viewers see no logged rows (they may hold personal data).
    const viewer = await t.user('viewer');
    await expectJson(await t.call('GET', '/api/deployments/split/predictions', { as: viewer.key }), 403);
  });

  it('refuses a split run of another model, the primary itself, a run that is not completed, an unknown run and percents out of range', async () => {
    const refusals: [unknown, RegExp][] = [
      [{ canary: { runId: otherModel, percent: 10 } }, /is a version of another model: a canary must be a run of the deployed model/],
      [{ shadow: { runId: otherModel, percent: 10 } }, /is a version of another model: a shadow must be a run of the deployed model/],
      [{ canary: { runId: primary, percent: 10 } }, /already answers this deployment as its primary/],
      [{ canary: { runId: queued, percent: 10 } }, /is queued: only a completed run can take traffic/],
      [{ canary: { runId: '00000000-0000-4000-8000-000000000000', percent: 10 } }, /does not exist/],
    ];
    for (const [body, message] of refusals) {
      const refused = await expectJson(await patch(body), 400);
      expect(refused.error.message).toMatch(message);
    }
    for (const body of [{ canary: { runId: canary, percent: 0 } }, { canary: { runId: canary, percent: 101 } }, { shadow: { runId: canary, percent: 2.5 } }, { logPercent: -1 }, { weights: {} }]) {
      await expectJson(await patch(body), 400);
    }
    await expectJson(await patch({ canary: { runId: canary, percent: 10 } }, 'nope'), 404);
    // Nothing changed by the refusals.
    expect((await getDeployment(t.database.db, 'split'))).toMatchObject({ canaryRunId: null, shadowRunId: canary, shadowPercent: 100 });
  });

  it('promoting the canary (PUT its run) ends the canary split', async () => {
    await expectJson(await patch({ shadow: null, canary: { runId: canary, percent: 50 } }), 200);
    const promoted = await expectJson(await t.call('PUT', '/api/deployments/split', { as: member.key, body: { runId: canary } }), 200);
    expect(promoted).toMatchObject({ runId: canary, traffic: { canary: null, shadow: null } });
    const response = await predict(rows(1, 3));
    expect(response.headers.get(VERSION_HEADER)).toBe(canary);
    expect(response.headers.get(ROLE_HEADER)).toBe('primary');
    await expectJson(await t.call('PUT', '/api/deployments/split', { as: member.key, body: { runId: primary } }), 200);
  });

  it('flags a shifted number and a changed category share on logged traffic, and not traffic like the training data', async () => {
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'watched', runId: primary } }), 201);
    await expectJson(await patch({ logPercent: 100 }, 'watched'), 200);
    const early = await expectJson(await t.call('GET', '/api/deployments/watched/drift', { as: member.key }), 200);
    expect(early.features.find((f: { feature: string }) => f.feature === 'x1')).toMatchObject({ status: 'insufficient', rows: 0 });
    // Like the training data first: nothing drifts.
    for (let i = 0; i < 6; i++) await expectJson(await predict(rows(100, 1_000 + i), 'watched'), 200);
    await waitForLog(6, 'watched');
    const calm = await expectJson(await t.call('GET', '/api/deployments/watched/drift', { as: member.key }), 200);
    expect(calm.rows).toBe(600);
    expect(calm.drifted).toEqual([]);
    expect(calm.features.find((f: { feature: string }) => f.feature === 'x1')).toMatchObject({ status: 'stable' });
    expect(calm.features.find((f: { feature: string }) => f.feature === 'day')).toMatchObject({ status: 'unmeasured' });
    // Then x1 moves up by 1.5 and every row is blue (CSV this time): the newest 600 rows drift.
    for (let i = 0; i < 6; i++) {
      const response = await t.call('POST', '/predict/watched', { as: member.key, raw: csvOf(rows(100, 2_000 + i, { shift: 1.5, color: 'blue' })), headers: { 'content-type': 'text/csv' } });
      expect(response.status).toBe(200);
    }
    await waitForLog(12, 'watched');
    const viewer = await t.user('viewer');
    const shifted = await expectJson(await t.call('GET', '/api/deployments/watched/drift?rows=600', { as: viewer.key }), 200);
    expect(shifted.drifted.sort()).toEqual(['color', 'x1']);
    const x1 = shifted.features.find((f: { feature: string }) => f.feature === 'x1');
    expect(x1.psi).toBeGreaterThan(0.2);
    expect(x1.ks).toBeGreaterThan(0.3);
    expect(shifted.features.find((f: { feature: string }) => f.feature === 'x2').status).toBe('stable');
    const blue = shifted.features.find((f: { feature: string }) => f.feature === 'color').buckets[0];
    expect(blue).toMatchObject({ label: 'blue', live: 1 });
  });

  it('keeps each deployment log within its bounds', async () => {
    const deployment = (await getDeployment(t.database.db, 'watched'))!;
    const entry = { deploymentId: deployment.id, runId: primary, role: 'primary' as const, rowCount: 1, instances: [{}], predictions: [], latencyMs: 1 };
    await recordPredictions(t.database.db, Array.from({ length: 30 }, () => entry));
    await prunePredictionLog(t.database.db, deployment.id, { maxEntries: 25, maxAgeDays: 30 });
    expect((await countPredictionLog(t.database.db, deployment.id)).primary).toBe(25);
    await t.database.db.$client.query(`UPDATE prediction_log SET created_at = now() - interval '8 days' WHERE id IN (SELECT id FROM prediction_log WHERE deployment_id = $1 ORDER BY id LIMIT 5)`, [deployment.id]);
    await prunePredictionLog(t.database.db, deployment.id, { maxEntries: 25, maxAgeDays: 7 });
    expect((await countPredictionLog(t.database.db, deployment.id)).primary).toBe(20);
  });

  /** The log is written off the request path: flush this process's queue, then wait for `count` entries. */
  async function waitForLog(count: number, name = 'split'): Promise<void> {
    const deployment = (await getDeployment(t.database.db, name))!;
    for (let i = 0; i < 100; i++) {
      await t.app.predictionLog.flush();
      const counts = await countPredictionLog(t.database.db, deployment.id);
      if (counts.primary + counts.canary + counts.shadow >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the prediction log of ${name} did not reach ${count} entries`);
  }
});
