import { claimRun, finishRun, insertMetrics, appendRunLogs, recordArtifact } from '@overture/db';
import { publishRunEvents } from '@overture/jobs';
import { seedDataset, toyCsv, toyConfig } from '@overture/testing';
import { renderConfigYaml } from '@overture/config';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

describe('runs: queueing, cancellation, live events, metrics and logs', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let versionId: string;
  beforeAll(async () => {
    t = await startTestApp('runs');
    member = await t.user('member');
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(50));
    const model = await expectJson(await t.call('POST', '/api/models', { as: member.key, body: { name: 'toy', datasetId: dataset.id, config: renderConfigYaml(toyConfig()) } }), 201);
    versionId = model.versionId;
  });
  afterAll(async () => { await t.close(); });

  it('writes the queued run with the resolved config, then queues training.run under the run id', async () => {
    const created = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId } }), 201);
    expect(created.status).toBe('queued');
    const job = await t.app.queues.training.getJob(created.id);
    expect(job?.name).toBe('training.run');
    expect(job?.data).toEqual({ runId: created.id, requestId: expect.any(String) }); // the request's id rides beside the payload (logs)
    const run = await expectJson(await t.call('GET', `/api/runs/${created.id}`, { as: member.key }), 200);
    expect(run).toMatchObject({ status: 'queued', attempt: 0, epoch: 0, step: 0, workerId: null, error: null, testStatistics: null });
    expect(run.config).toMatchObject({ trainer: { epochs: 3, batch_size: 16 } });
    const list = await expectJson(await t.call('GET', `/api/runs?versionId=${versionId}&status=queued`, { as: member.key }), 200);
    expect(list.runs.map((r: { id: string }) => r.id)).toContain(created.id);
  });

  it('lists a finished run with its key metric; deletes it after a dry run, never while it runs', async () => {
    const created = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId } }), 201);
    const claimed = (await claimRun(t.database.db, { runId: created.id, workerId: 'test:1' }))!;
    const running = await expectJson(await t.call('DELETE', `/api/runs/${created.id}`, { as: member.key }), 409);
    expect(running.error.message).toBe(`run ${created.id} is running: cancel it first.`);
    await finishRun(t.database.db, { runId: created.id, attempt: claimed.attempt, status: 'completed', summary: { progress: { validation_field: 'label', validation_metric: 'accuracy', best_eval_metric_value: 0.9 } } });
    const list = await expectJson(await t.call('GET', `/api/runs?versionId=${versionId}&status=completed`, { as: member.key }), 200);
    expect(list.runs.find((r: { id: string }) => r.id === created.id).keyMetric).toEqual({ split: 'validation', output: 'label', metric: 'accuracy', value: 0.9, label: 'validation accuracy of label' });
    const other = await t.user('member');
    await expectJson(await t.call('DELETE', `/api/runs/${created.id}`, { as: other.key }), 403);
    expect(await expectJson(await t.call('DELETE', `/api/runs/${created.id}?dryRun=true`, { as: member.key }), 200)).toEqual({ deleted: false, artifacts: 0, bytes: 0 });
    await expectJson(await t.call('GET', `/api/runs/${created.id}`, { as: member.key }), 200);
    expect(await expectJson(await t.call('DELETE', `/api/runs/${created.id}`, { as: member.key }), 200)).toEqual({ deleted: true, artifacts: 0, bytes: 0 });
    await expectJson(await t.call('GET', `/api/runs/${created.id}`, { as: member.key }), 404);
  });

  it("returns a forecasting run's kept test forecasts beside its test statistics; other runs have none", async () => {
    const csv = ['load', ...Array.from({ length: 40 }, (_, i) => (10 + Math.sin(i / 3)).toFixed(3))].join('\n');
    const dataset = await seedDataset(t.database.db, t.dataDir, csv, 'load');
    const config = [
      'input_features: [{name: load, type: timeseries, preprocessing: {window_size: 8}, encoder: {type: nbeats, layer_size: 16}}]',
      'output_features: [{name: load_next, type: timeseries, column: load, preprocessing: {horizon: 2}}]',
    ].join('\n');
    const model = await expectJson(await t.call('POST', '/api/models', { as: member.key, body: { name: 'forecast', datasetId: dataset.id, config } }), 201);
    const created = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId: model.versionId } }), 201);
    const claimed = (await claimRun(t.database.db, { runId: created.id, workerId: 'test:1' }))!;
    await finishRun(t.database.db, { runId: created.id, attempt: claimed.attempt, status: 'completed' });
    const samples = { load_next: { input: 'load', samples: [{ row: 3, history: [1, 2], truth: [3, 4], forecast: [3.1, 3.9] }] } };
    const relative = `runs/${created.id}/output/forecast_samples.json`;
    mkdirSync(path.dirname(path.join(t.dataDir, relative)), { recursive: true });
    writeFileSync(path.join(t.dataDir, relative), JSON.stringify(samples));
    await recordArtifact(t.database.db, { runId: created.id, kind: 'forecast_samples', path: relative, contentType: 'application/json' });
    const run = await expectJson(await t.call('GET', `/api/runs/${created.id}`, { as: member.key }), 200);
    expect(run.forecastSamples).toEqual(samples);
    expect(run.config.input_features[0].encoder).toMatchObject({ type: 'nbeats', num_stacks: 2, layer_size: 16 });
    const other = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId } }), 201);
    expect((await expectJson(await t.call('GET', `/api/runs/${other.id}`, { as: member.key }), 200)).forecastSamples).toBeNull();
  });

  /** A completed run whose stored metrics say test accuracy `test`, validation accuracy `validation` at the kept step 4. */
  async function finishedRun(test: number | null, validation: number) {
    const created = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId } }), 201);
    const claimed = (await claimRun(t.database.db, { runId: created.id, workerId: 'test:1' }))!;
    const at = (step: number, split: string, metric: string, value: number) => ({ split, output: 'label', metric, step, epoch: step / 2, value });
    await insertMetrics(t.database.db, { runId: created.id, attempt: claimed.attempt, points: [
      at(2, 'validation', 'accuracy', validation - 0.1), at(4, 'validation', 'accuracy', validation), at(6, 'validation', 'accuracy', validation - 0.2),
      at(4, 'training', 'loss', 0.000003), at(6, 'training', 'loss', 0.000001),
      ...(test === null ? [] : [at(2, 'test', 'accuracy', 0.1), at(4, 'test', 'accuracy', test), at(6, 'test', 'accuracy', 0.2)]),
    ] });
    await finishRun(t.database.db, { runId: created.id, attempt: claimed.attempt, status: 'completed', summary: { progress: { validation_field: 'label', validation_metric: 'accuracy', best_eval_metric_value: validation, best_eval_metric_steps: 4 } } });
    return created.id as string;
  }

  it('labels the key metric with its split, preferring test, at the step whose weights the run kept', async () => {
    const withTest = await finishedRun(0.71, 1);
    const withoutTest = await finishedRun(null, 0.95);
    const list = await expectJson(await t.call('GET', `/api/runs?versionId=${versionId}&status=completed`, { as: member.key }), 200);
    const byId = (id: string) => list.runs.find((r: { id: string }) => r.id === id);
    expect(byId(withTest).keyMetric).toEqual({ split: 'test', output: 'label', metric: 'accuracy', value: 0.71, label: 'test accuracy of label' });
    expect(byId(withoutTest).keyMetric).toEqual({ split: 'validation', output: 'label', metric: 'accuracy', value: 0.95, label: 'validation accuracy of label' });
    expect(byId(withTest).metrics).toEqual(expect.arrayContaining([
      { split: 'test', output: 'label', metric: 'accuracy', value: 0.71 },
      { split: 'validation', output: 'label', metric: 'accuracy', value: 1 },
      { split: 'training', output: 'label', metric: 'loss', value: 0.000003 },
    ]));
    expect(byId(withTest).metrics).toHaveLength(3);
  });

  it('sorts runs by any metric of any split, best first by default, runs without it last', async () => {
    const low = await finishedRun(0.5, 0.9);
    const high = await finishedRun(0.8, 0.6);
    const none = await finishedRun(null, 0.7);
    const ids = async (query: string) => {
      const list = await expectJson(await t.call('GET', `/api/runs?versionId=${versionId}&status=completed&${query}`, { as: member.key }), 200);
      return list.runs.map((r: { id: string }) => r.id).filter((id: string) => [low, high, none].includes(id));
    };
    expect(await ids('sort=test.label.accuracy')).toEqual([high, low, none]);
    expect(await ids('sort=test.label.accuracy&order=asc')).toEqual([low, high, none]);
    expect(await ids('sort=validation.label.accuracy')).toEqual([low, none, high]);
    const bad = await expectJson(await t.call('GET', '/api/runs?sort=accuracy', { as: member.key }), 400);
    expect(JSON.stringify(bad)).toContain("sort 'accuracy' is not <split>.<output>.<metric>, e.g. test.label.accuracy");
  });

  it('refuses a viewer who tries to train (403)', async () => {
    const viewer = await t.user('viewer');
    const body = await expectJson(await t.call('POST', '/api/runs', { as: viewer.key, body: { versionId } }), 403);
    expect(body.error).toEqual({ code: 'forbidden', message: 'this needs the member role; you are a viewer.' });
  });

  it('cancels a queued run at once and takes its job off the queue; others cannot cancel it', async () => {
    const created = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId } }), 201);
    const other = await t.user('member');
    await expectJson(await t.call('POST', `/api/runs/${created.id}/cancel`, { as: other.key }), 403);
    const cancelled = await expectJson(await t.call('POST', `/api/runs/${created.id}/cancel`, { as: member.key }), 200);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(await t.app.queues.training.getJob(created.id)).toBeUndefined();
    const again = await expectJson(await t.call('POST', `/api/runs/${created.id}/cancel`, { as: member.key }), 409);
    expect(again.error.message).toMatch(/already finished \(cancelled\)/);
  });

  it("relays the run's events as SSE and resumes after Last-Event-ID", async () => {
    const created = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId } }), 201);
    const runId = created.id;
    const ids = await publishRunEvents(t.redis.redis, t.redis.prefix, runId, [
      { type: 'metric', runId, ts: 1, step: 1, split: 'validation', feature: 'label', metric: 'loss', value: 0.7 },
      { type: 'metric', runId, ts: 2, step: 2, split: 'validation', feature: 'label', metric: 'loss', value: 0.5 },
      { type: 'end', runId, ts: 3, status: 'completed' },
    ]);
    const response = await t.call('GET', `/api/runs/${runId}/events`, { as: member.key });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await response.text();
    expect(text.match(/^id: .+$/gm)).toEqual(ids.map((id) => `id: ${id}`));
    const resumed = await (await t.call('GET', `/api/runs/${runId}/events`, { as: member.key, headers: { 'last-event-id': ids[0] } })).text();
    expect(resumed.match(/^id: .+$/gm)).toEqual([`id: ${ids[1]}`, `id: ${ids[2]}`]);
  });

  it("fine-tunes a completed run's model on another dataset: only from a completed run with a bundle, which cannot be deleted while the new run waits", async () => {
    const source = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId } }), 201);
    const otherData = await seedDataset(t.database.db, t.dataDir, toyCsv(40, 9));
    const fineTune = (modelLoadRunId: string) => t.call('POST', '/api/runs', { as: member.key, body: { versionId, datasetId: otherData.id, modelLoadRunId } });
    const unknown = await expectJson(await fineTune('00000000-0000-4000-8000-000000000000'), 400);
    expect(unknown.errors).toEqual([{ path: 'modelLoadRunId', message: 'unknown run' }]);
    const queued = await expectJson(await fineTune(source.id), 400);
    expect(queued.error.message).toMatch(/is queued: only a completed run's model can be fine-tuned/);
    const claimed = (await claimRun(t.database.db, { runId: source.id, workerId: 'test:1' }))!;
    await finishRun(t.database.db, { runId: source.id, attempt: claimed.attempt, status: 'completed' });
    const noBundle = await expectJson(await fineTune(source.id), 400);
    expect(noBundle.errors).toEqual([{ path: 'modelLoadRunId', message: 'no model bundle' }]);
    await recordArtifact(t.database.db, { runId: source.id, kind: 'model_bundle', path: `runs/${source.id}/output/model`, contentType: 'inode/directory' });

    // Any member may fine-tune a model they can read, into a version they own (here the same member's).
    const tuned = await expectJson(await fineTune(source.id), 201);
    const detail = await expectJson(await t.call('GET', `/api/runs/${tuned.id}`, { as: member.key }), 200);
    expect(detail).toMatchObject({ status: 'queued', datasetId: otherData.id, modelLoadRunId: source.id });
    const blocked = await expectJson(await t.call('DELETE', `/api/runs/${source.id}`, { as: member.key }), 409);
    expect(blocked.error.message).toMatch(new RegExp(`run ${tuned.id.slice(0, 8)} fine-tunes this run's model and has not finished`));
    await expectJson(await t.call('POST', `/api/runs/${tuned.id}/cancel`, { as: member.key }), 200);
    await expectJson(await t.call('DELETE', `/api/runs/${source.id}`, { as: member.key }), 200);
    // The finished fine-tuned run stays, no longer pointing at the deleted one.
    expect(await expectJson(await t.call('GET', `/api/runs/${tuned.id}`, { as: member.key }), 200)).toMatchObject({ modelLoadRunId: null });
  });

  it("continues a completed run's training for more epochs: only from a completed run with a kept state, to more epochs than it trained, on its own data and seed", async () => {
    const source = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId, seed: 11 } }), 201);
    const resume = (body: Record<string, unknown>) => t.call('POST', '/api/runs', { as: member.key, body: { versionId, resumeRunId: source.id, ...body } });
    const unknown = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId, resumeRunId: '00000000-0000-4000-8000-000000000000', epochs: 5 } }), 400);
    expect(unknown.errors).toEqual([{ path: 'resumeRunId', message: 'unknown run' }]);
    const queued = await expectJson(await resume({ epochs: 5 }), 400);
    expect(queued.errors).toEqual([{ path: 'resumeRunId', message: 'run is queued' }]);
    expect(queued.error.message).toMatch(/is queued: only a completed run's training can be continued/);
    const claimed = (await claimRun(t.database.db, { runId: source.id, workerId: 'test:1' }))!;
    await finishRun(t.database.db, { runId: source.id, attempt: claimed.attempt, status: 'completed', epoch: 3, step: 12, totalSteps: 12, summary: { progress: { epoch: 3 } } });
    const noState = await expectJson(await resume({ epochs: 5 }), 400);
    expect(noState.errors).toEqual([{ path: 'resumeRunId', message: 'no saved training state' }]);
    await recordArtifact(t.database.db, { runId: source.id, kind: 'training_state', path: `runs/${source.id}/output/training_checkpoints`, contentType: 'inode/directory' });

    const notMore = await expectJson(await resume({ epochs: 3 }), 400);
    expect(notMore.errors).toEqual([{ path: 'epochs', message: 'must be above 3' }]);
    expect(notMore.error.message).toBe(`epochs 3 is not above the 3 epochs run ${source.id.slice(0, 8)} already trained: give more.`);
    expect((await expectJson(await resume({}), 400)).errors).toEqual([{ path: 'epochs', message: 'required with resumeRunId' }]);
    expect((await expectJson(await resume({ epochs: 5, seed: 12 }), 400)).errors).toEqual([{ path: 'seed', message: 'not the seed of resumeRunId' }]);
    expect((await expectJson(await resume({ epochs: 5, modelLoadRunId: source.id }), 400)).errors).toEqual([{ path: 'modelLoadRunId', message: 'not with resumeRunId' }]);
    expect((await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId, epochs: 5 } }), 400)).errors).toEqual([{ path: 'epochs', message: 'only with resumeRunId' }]);

    const continued = await expectJson(await resume({ epochs: 5 }), 201);
    const detail = await expectJson(await t.call('GET', `/api/runs/${continued.id}`, { as: member.key }), 200);
    const sourceDetail = await expectJson(await t.call('GET', `/api/runs/${source.id}`, { as: member.key }), 200);
    expect(detail).toMatchObject({ status: 'queued', resumeRunId: source.id, modelLoadRunId: null, seed: 11, datasetId: sourceDetail.datasetId, modelVersionId: versionId });
    expect(detail.config.trainer).toMatchObject({ epochs: 5, batch_size: 16 });
    // The kept state is the platform's own: not listed as a download.
    const artifacts = await expectJson(await t.call('GET', `/api/runs/${source.id}/artifacts`, { as: member.key }), 200);
    expect(artifacts.artifacts.map((a: { kind: string }) => a.kind)).not.toContain('training_state');
    const blocked = await expectJson(await t.call('DELETE', `/api/runs/${source.id}`, { as: member.key }), 409);
    expect(blocked.error.message).toMatch(new RegExp(`run ${continued.id.slice(0, 8)} continues this run's training and has not finished`));
    await expectJson(await t.call('POST', `/api/runs/${continued.id}/cancel`, { as: member.key }), 200);
    await expectJson(await t.call('DELETE', `/api/runs/${source.id}`, { as: member.key }), 200);
    expect(await expectJson(await t.call('GET', `/api/runs/${continued.id}`, { as: member.key }), 200)).toMatchObject({ resumeRunId: null });
  });

  it('serves metric series (downsampled) and logs of a run', async () => {
    const created = await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId } }), 201);
    const claimed = await claimRun(t.database.db, { runId: created.id, workerId: 'host:1' });
    const points = Array.from({ length: 100 }, (_, i) => ({ split: 'training', output: 'combined', metric: 'loss', step: i + 1, epoch: 0, value: 1 / (i + 1) }));
    await insertMetrics(t.database.db, { runId: created.id, attempt: claimed!.attempt, points });
    await appendRunLogs(t.database.db, { runId: created.id, attempt: claimed!.attempt, lines: [{ message: 'hello' }, { message: 'world', level: 'warn' }] });
    const metrics = await expectJson(await t.call('GET', `/api/runs/${created.id}/metrics?maxPoints=10`, { as: member.key }), 200);
    expect(metrics.series).toHaveLength(1);
    expect(metrics.series[0]).toMatchObject({ split: 'training', output: 'combined', metric: 'loss', total: 100, downsampled: true });
    expect(metrics.series[0].points.length).toBeLessThanOrEqual(10);
    expect(metrics.series[0].points[0]).toEqual({ step: 1, epoch: 0, value: 1 });
    const series = await expectJson(await t.call('GET', `/api/runs/${created.id}/metrics/series`, { as: member.key }), 200);
    expect(series.series).toEqual([{ split: 'training', output: 'combined', metric: 'loss', total: 100, lastStep: 100 }]);
    const logs = await expectJson(await t.call('GET', `/api/runs/${created.id}/logs`, { as: member.key }), 200);
    expect(logs.logs.map((l: { level: string; message: string }) => `${l.level}: ${l.message}`)).toEqual(['info: hello', 'warn: world']);
    const after = await expectJson(await t.call('GET', `/api/runs/${created.id}/logs?afterId=${logs.logs[0].id}`, { as: member.key }), 200);
    expect(after.logs.map((l: { message: string }) => l.message)).toEqual(['world']);
  });

  it('shows live workers and queue depth', async () => {
    const queues = await expectJson(await t.call('GET', '/api/queues', { as: member.key }), 200);
    expect(queues.queues.find((q: { name: string }) => q.name === 'training').waiting).toBeGreaterThanOrEqual(2);
    expect(await expectJson(await t.call('GET', '/api/workers', { as: member.key }), 200)).toEqual({ workers: [] });
    expect(await expectJson(await t.call('GET', '/api/health'), 200)).toMatchObject({ status: 'ok' });
  });

  it('publishes an OpenAPI document of every route', async () => {
    const doc = await expectJson(await t.call('GET', '/api/openapi.json'), 200);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/datasets', '/api/runs/{id}/events', '/predict/{deployment}', '/api/deployments/{name}']));
    expect(doc.paths['/api/runs'].post.requestBody.content['application/json'].schema.required).toEqual(['versionId']);
  });
});
