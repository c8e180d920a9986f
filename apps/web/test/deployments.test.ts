import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteKeysWithPrefix } from '@overture/jobs';
import { seedCompletedRun, seedRun, seedDataset, toyCsv, toyConfig } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setContext } from '@/server/context';
import { withExtraGraph } from '../../../packages/serving/src/test/onnx-builder';
import { expectJson, startTestApp, type TestApp } from './harness';

// Bundles written by the trainer for the serving package's tests (two seeds of one config).
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures');
const row = { x1: 0.8, x2: -0.3, color: 'red', day: '2024-07-14', tags: ['red', 'sale'] };

describe('deployments and /predict', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let runV1: string;
  let runV2: string;

  /** A completed run whose bundle is a copy of a fixture, recorded as the worker records it. */
  async function completedRun(fixture: string): Promise<string> {
    return (await seedCompletedRun(t.database.db, t.dataDir, path.join(fixtures, fixture, 'model'))).id;
  }

  beforeAll(async () => {
    t = await startTestApp('deployments', { OVERTURE_MAX_PREDICT_BYTES: String(10 * 1024 * 1024), OVERTURE_PREDICT_RATE_LIMIT: '400' });
    member = await t.user('member');
    runV1 = await completedRun('multi-task');
    runV2 = await completedRun('multi-task-v2');
  });
  afterAll(async () => { await t.close(); });

  it('deploys a completed run and answers POST /predict and /predict/<name>', async () => {
    const deployment = await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'churn', runId: runV1 } }), 201);
    expect(deployment).toMatchObject({ name: 'churn', runId: runV1, status: 'active', predictUrl: '/predict/churn', loadedHere: true });
    const byBody = await expectJson(await t.call('POST', '/predict', { as: member.key, body: { model: 'churn', instances: [row, { x1: 1 }] } }), 200);
    expect(byBody.predictions[0].kind.prediction).toEqual(expect.any(String));
    expect(byBody.predictions[1]).toBeNull();
    expect(byBody.errors).toEqual([{ row: 2, message: expect.stringMatching(/^missing features 'x2'/) }]);
    const byPath = await expectJson(await t.call('POST', '/predict/churn?format=ludwig', { as: member.key, body: { instances: [row] } }), 200);
    expect(Object.keys(byPath.predictions[0])).toContain('kind_predictions');
    const explained = await expectJson(await t.call('POST', '/predict/churn', { as: member.key, body: { instances: [row], explain: true } }), 200);
    expect(explained.explanation_method).toBe('occlusion');
    const info = await expectJson(await t.call('GET', '/api/deployments/churn', { as: member.key }), 200);
    expect(info.inputs.map((i: { name: string }) => i.name)).toEqual(['x1', 'x2', 'color', 'day', 'tags']);
  });

  it('takes CSV in and gives CSV out', async () => {
    const response = await t.call('POST', '/predict/churn', { as: member.key, raw: 'x1,x2,color,day,tags\n0.8,-0.3,red,2024-07-14,red sale\n', headers: { 'content-type': 'text/csv', accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].split(',')).toContain('kind_predictions');
  });

  it('answers 413 for a body over 10 MB and 401 without a key', async () => {
    const instances = Array.from({ length: 150_000 }, () => row);
    const big = JSON.stringify({ model: 'churn', instances });
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const tooBig = await expectJson(await t.call('POST', '/predict', { as: member.key, raw: big, headers: { 'content-type': 'application/json' } }), 413);
    expect(tooBig.error).toEqual({ code: 'too_large', message: 'the request body is larger than 10 MB; send fewer rows per request, or use a batch prediction.' });
    await expectJson(await t.call('POST', '/predict/churn', { body: { instances: [row] } }), 401);
  });

  it('answers 404 naming an unknown deployment, with a hint to list them, on /predict, /predict/<name> and CSV', async () => {
    const hint = ': GET /api/deployments lists the deployments; POST /api/deployments creates one.';
    const variants: [string, Parameters<TestApp['call']>[2], string][] = [
      ['/predict', { body: { model: 'nope', instances: [row] } }, 'nope'],
      ['/predict/nope', { body: { instances: [row] } }, 'nope'],
      ['/predict/penguins', { body: { instances: [{ island: 'Biscoe', beak_length_mm: 45.1 }] } }, 'penguins'],
      ['/predict?model=nope', { raw: 'x1\n1\n', headers: { 'content-type': 'text/csv' } }, 'nope'],
      ['/predict/a%00b', { body: { instances: [row] } }, 'a\u0000b'],
      ['/predict/..%2F..%2Fetc', { body: { instances: [row] } }, '../../etc'],
      ['/api/deployments/nope', {}, 'nope'],
    ];
    for (const [url, options, name] of variants) {
      const method = url.startsWith('/api/') ? 'GET' : 'POST';
      const body = await expectJson(await t.call(method, url, { as: member.key, ...options }), 404);
      expect(body.error).toEqual({ code: 'not_found', message: `no deployment named '${name}' (or you cannot see it)${hint}` });
    }
  });

  it('answers 400 (never 500) for each malformed /predict body, naming what to send', async () => {
    const json = { 'content-type': 'application/json' };
    const variants: [Parameters<TestApp['call']>[2], string | RegExp][] = [
      [{ body: { instances: [] } }, "'instances' is empty: send at least one row."],
      [{ body: { instances: null } }, `'instances' must be a list of rows ({"column": value, …}), got null.`],
      [{ body: { instances: { x1: 1 } } }, `'instances' must be a list of rows ({"column": value, …}), got an object.`],
      [{ body: { instances: 'x1=1' } }, `'instances' must be a list of rows ({"column": value, …}), got string "x1=1".`],
      [{ body: { instances: [row, 7, [0.8, -0.3]] } }, `'instances' must be a list of objects ({"column": value, …}): row 2 is number 7, row 3 is a list.`],
      [{ body: { instances: [null] } }, `'instances' must be a list of objects ({"column": value, …}): row 1 is null.`],
      [{ body: { rows: [row] } }, 'the body must be a JSON object with "instances": a list of rows ({"column": value, …}).'],
      [{ body: [row] }, 'the body must be a JSON object with "instances": a list of rows ({"column": value, …}).'],
      [{ body: null }, 'the body must be a JSON object with "instances": a list of rows ({"column": value, …}).'],
      [{ raw: '{"instances": [', headers: json }, /^the body is not valid JSON: .*\. Send \{"instances": \[\{"column": value, …\}\]\}\.$/],
      [{ raw: '', headers: json }, /^the body is not valid JSON/],
      [{ body: { instances: [row], explain: 'yes' } }, '"explain" must be true or false, got "yes".'],
      [{ raw: '', headers: { 'content-type': 'text/csv' } }, 'the CSV body: is empty: it has no header row and no data.'],
      [{ raw: 'x1,x2,color,day,tags\n', headers: { 'content-type': 'text/csv' } }, 'the CSV body has a header but no rows: send at least one row.'],
      [{ raw: 'x1,x2,color,day,tags\n0.8,"-0.3\n', headers: { 'content-type': 'text/csv' } }, /^the CSV body: row 2 has a quoted field that is not closed/],
      [{ raw: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv' } }, "missing column 'x1' required by input feature 'x1'"],
    ];
    for (const [options, message] of variants) {
      const response = await t.call('POST', '/predict/churn', { as: member.key, ...options });
      const body = await expectJson(response, 400);
      expect(['invalid_input', 'invalid_data']).toContain(body.error.code);
      if (typeof message === 'string') expect(body.error.message).toBe(message);
      else expect(body.error.message).toMatch(message);
      expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
    const model = await expectJson(await t.call('POST', '/predict', { as: member.key, body: { model: 5, instances: [row] } }), 400);
    expect(model.error.message).toBe('"model" must be the name of a deployment (a string), got 5.');
    const noModel = await expectJson(await t.call('POST', '/predict', { as: member.key, body: { instances: [row] } }), 400);
    expect(noModel.error.message).toBe('name the deployment: {"model": "<deployment>", "instances": […]} or POST /predict/<deployment>.');
    const wrongType = await expectJson(await t.call('POST', '/predict/churn', { as: member.key, raw: 'x1=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
    expect(wrongType.error.message).toBe('Content-Type application/x-www-form-urlencoded is not supported: send application/json ({"instances": […]}) or text/csv.');
  });

  it('answers 503 (not 500) for a deployment whose model no longer loads, and keeps serving the others', async () => {
    const runId = await completedRun('multi-task');
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'fragile', runId } }), 201);
    await t.app.serving.deactivate('fragile'); // as a freshly started web process, which loads on first request
    rmSync(path.join(t.dataDir, `runs/${runId}/output/model`), { recursive: true, force: true });
    const body = await expectJson(await t.call('POST', '/predict/fragile', { as: member.key, body: { instances: [row] } }), 503);
    expect(body.error).toEqual({ code: 'unavailable', message: `deployment 'fragile' cannot be served right now: its model (run ${runId}) failed to load; the details are in the server log. Point it at a working run with PUT /api/deployments/fragile.` });
    await expectJson(await t.call('POST', '/predict/churn', { as: member.key, body: { instances: [row] } }), 200);
    await expectJson(await t.call('DELETE', '/api/deployments/fragile', { as: member.key }), 200);
  });

  it('hot-swaps to another run without failing a request in flight', async () => {
    const requests = Array.from({ length: 60 }, (_, i) => t.call('POST', '/predict/churn', { as: member.key, body: { instances: [{ ...row, x1: i / 10 }] } }));
    const swap = t.call('PUT', '/api/deployments/churn', { as: member.key, body: { runId: runV2 } });
    const more = Array.from({ length: 60 }, () => t.call('POST', '/predict/churn', { as: member.key, body: { instances: [row] } }));
    const responses = await Promise.all([...requests, ...more]);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect((await expectJson(await swap, 200)).runId).toBe(runV2);
    expect(t.app.serving.loadedRun('churn')).toBe(runV2);
  });

  it('refuses deploying a bundle whose model.onnx reads a file of the web process, checking it in a worker thread', async () => {
    const runId = await completedRun('multi-task');
    const onnx = path.join(t.dataDir, 'runs', runId, 'output', 'model', 'model.onnx');
    // As an import made before graphs were checked could have stored it: the fixture plus an output returning package.json's bytes.
    writeFileSync(onnx, withExtraGraph(readFileSync(onnx), {
      nodes: [{ op: 'Identity', inputs: ['stolen'], outputs: ['leak'] }],
      initializers: [{ name: 'stolen', dims: [64], dataType: 2, external: { location: 'package.json', length: '64' } }],
      outputs: [{ name: 'leak', dims: [64], elemType: 2 }],
    }));
    const refused = await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'leaky', runId } }), 400);
    expect(refused.error).toEqual({
      code: 'invalid_input',
      message: "model.onnx was refused: initializer 'stolen' in the graph keeps its data in an external file ('package.json'); a served model must hold all its weights inside the .onnx file.",
    });
    await expectJson(await t.call('GET', '/api/deployments/leaky', { as: member.key }), 404);
    await expectJson(await t.call('PUT', '/api/deployments/churn', { as: member.key, body: { runId } }), 400);
    expect(t.app.serving.loadedRun('churn')).not.toBe(runId);
  });

  it('refuses deploying a run that has not completed, and changes by another member', async () => {
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(20));
    const queued = await seedRun(t.database.db, dataset, toyConfig());
    const body = await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'early', runId: queued.id } }), 409);
    expect(body.error.message).toBe(`run ${queued.id} is queued: only completed runs can be deployed.`);
    const other = await t.user('member');
    await expectJson(await t.call('PUT', '/api/deployments/churn', { as: other.key, body: { runId: runV1 } }), 403);
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'churn', runId: runV1 } }), 409);
  });

  it('queues a batch prediction over a dataset', async () => {
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(10), 'batch');
    const created = await expectJson(await t.call('POST', '/api/batch-predictions', { as: member.key, body: { deployment: 'churn', datasetId: dataset.id } }), 202);
    expect(created).toMatchObject({ runId: runV2, datasetId: dataset.id });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect((await t.app.queues.predictions.getJob(created.id))?.data).toEqual({ runId: runV2, datasetId: dataset.id, batchPredictionId: created.id, requestId: expect.any(String) });
    const status = await expectJson(await t.call('GET', `/api/batch-predictions/${created.id}`, { as: member.key }), 200);
    expect(status).toMatchObject({ state: 'queued', downloadUrl: null });
  });

  it('keeps batch predictions in Postgres: their ids and states survive emptying Redis, and a job id is not a batch prediction', async () => {
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(10), 'batch');
    const first = await expectJson(await t.call('POST', '/api/batch-predictions', { as: member.key, body: { runId: runV1, datasetId: dataset.id } }), 202);
    await deleteKeysWithPrefix(t.redis.redis, t.redis.prefix);
    const second = await expectJson(await t.call('POST', '/api/batch-predictions', { as: member.key, body: { runId: runV2, datasetId: dataset.id } }), 202);
    expect(second.id).not.toBe(first.id);
    expect(await expectJson(await t.call('GET', `/api/batch-predictions/${first.id}`, { as: member.key }), 200)).toMatchObject({ id: first.id, runId: runV1, state: 'queued' });
    expect(await expectJson(await t.call('GET', `/api/batch-predictions/${second.id}`, { as: member.key }), 200)).toMatchObject({ id: second.id, runId: runV2, state: 'queued' });
    for (const id of ['1', '2', randomUUID()]) {
      const missing = await expectJson(await t.call('GET', `/api/batch-predictions/${id}`, { as: member.key }), 404);
      expect(missing.error.message).toBe(`batch prediction ${id} does not exist (or you cannot see it).`);
    }
  });

  it('rate-limits /predict per API key (429 with Retry-After)', async () => {
    const limited = await startTestApp('ratelimit', { OVERTURE_PREDICT_RATE_LIMIT: '2' });
    try {
      const user = await limited.user('viewer');
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.call('POST', '/predict/none', { as: user.key, body: { instances: [row] } })).status);
      expect(statuses).toEqual([404, 404, 429]);
      const response = await limited.call('POST', '/predict/none', { as: user.key, body: { instances: [row] } });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
      setContext(t.app);
    }
  });

  it('undeploys', async () => {
    await expectJson(await t.call('DELETE', '/api/deployments/churn', { as: member.key }), 200);
    await expectJson(await t.call('POST', '/predict/churn', { as: member.key, body: { instances: [row] } }), 404);
    expect(await expectJson(await t.call('GET', '/api/deployments', { as: member.key }), 200)).toEqual({ deployments: [] });
  });
});
