import { toyCsv } from '@overture/testing';
import { describe, expect, it } from 'vitest';
import { json, newUser, signIn, platform, until, uploadCsv } from '../support/api';

describe('journey: CSV → profile → auto-config → train → deploy → API key → /predict', () => {
  it('goes from an uploaded CSV to answered predictions', async () => {
    const member = await newUser('member');
    const dataset = await uploadCsv(member.api, toyCsv(300), 'toy.csv');
    expect(dataset).toMatchObject({ status: 'ready', rowCount: 300, error: null });
    expect(dataset.columns.map((c: { name: string; inferredType: string }) => `${c.name}:${c.inferredType}`)).toEqual(['x1:number', 'x2:number', 'color:category', 'label:binary']);
    const preview = await json(await member.api.get(`/api/datasets/${dataset.id}/rows?limit=5`), 200);
    expect(preview.rows).toHaveLength(5);

    const model = await json(await member.api.post('/api/models', { data: { name: 'toy', datasetId: dataset.id, targets: ['label'] } }), 201);
    expect(model.config).toContain('output_features:\n  - name: label\n    type: binary');

    const run = await json(await member.api.post('/api/runs', { data: { versionId: model.versionId } }), 201);
    expect(run.status).toBe('queued');
    const done = await until('the run to finish', async () => {
      const detail = await json(await member.api.get(`/api/runs/${run.id}`), 200);
      return ['completed', 'failed', 'cancelled'].includes(detail.status) ? detail : null;
    }, 170_000);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'completed', attempt: 1, progressPct: 100 });
    expect(done.workerId).toMatch(/^.+:\d+$/);
    expect(done.testStatistics.label.accuracy).toBeGreaterThan(0.6);
    const events = await (await member.api.get(`/api/runs/${run.id}/events`)).text();
    expect(events).toContain('"type":"end"');
    const metrics = await json(await member.api.get(`/api/runs/${run.id}/metrics?split=validation&output=label&metric=loss`), 200);
    expect(metrics.series[0].points.length).toBeGreaterThan(0);

    await json(await member.api.post('/api/deployments', { data: { name: 'toy-e2e', runId: run.id } }), 201);
    // A fresh key, as an integrator would create it (shown once).
    const browser = await signIn(member.email, member.password);
    const { key } = await json(await browser.post('/api/api-keys', { data: { name: 'integration' } }), 201);
    const response = await fetch(`${platform().baseURL}/predict`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'toy-e2e', instances: [{ x1: 1.5, x2: -1, color: 'red' }, { x1: -1.5, x2: 1, color: 'green' }] }),
    });
    expect(response.status).toBe(200);
    const answer = await response.json() as { predictions: { label: { prediction: string; probability: number } }[] };
    expect(answer.predictions.map((p) => p.label.prediction)).toEqual(['yes', 'no']);
    const bundle = await member.api.get(`/api/runs/${run.id}/bundle`);
    expect(bundle.headers()['content-type']).toBe('application/gzip');
    expect((await bundle.body()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});
