import { cpSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimRun, finishRun, recordArtifact } from '@overture/db';
import { seedDataset, seedRun, toyConfig, toyCsv } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

// Bundles written by the trainer for the serving package's tests.
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures');

describe('the bundle a browser runs a deployment with (GET /api/deployments/{name}/bundle, /model.onnx)', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let viewer: Awaited<ReturnType<TestApp['user']>>;

  /** A completed run whose bundle is a copy of a fixture, deployed under `name`; answers the bundle's folder in DATA_DIR. */
  async function deployed(name: string): Promise<{ runId: string; bundle: string }> {
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(20));
    const run = await seedRun(t.database.db, dataset, toyConfig());
    const claimed = await claimRun(t.database.db, { runId: run.id, workerId: 'host:1' });
    const relative = `runs/${run.id}/output/model`;
    const bundle = path.join(t.dataDir, relative);
    cpSync(path.join(fixtures, 'multi-task', 'model'), bundle, { recursive: true });
    await recordArtifact(t.database.db, { runId: run.id, kind: 'model_bundle', path: relative, contentType: 'inode/directory' });
    await finishRun(t.database.db, { runId: run.id, attempt: claimed!.attempt, status: 'completed' });
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name, runId: run.id } }), 201);
    return { runId: run.id, bundle };
  }

  beforeAll(async () => {
    t = await startTestApp('deployment_bundle');
    member = await t.user('member');
    viewer = await t.user('viewer');
  });
  afterAll(async () => { await t.close(); });

  it("hands a viewer a tabular model's config, metadata and exact model.onnx", async () => {
    const { runId, bundle } = await deployed('tabular');
    const info = await expectJson(await t.call('GET', '/api/deployments/tabular/bundle', { as: viewer.key }), 200);
    const onnx = readFileSync(path.join(bundle, 'model.onnx'));
    expect(info).toMatchObject({ name: 'tabular', runId, runnableInBrowser: true, reason: null, modelBytes: onnx.length, modelUrl: `/api/deployments/tabular/model.onnx?runId=${runId}` });
    expect((info.config.input_features as { name: string }[]).map((f) => f.name)).toEqual(['x1', 'x2', 'color', 'day', 'tags']);
    expect(info.metadata).toEqual(JSON.parse(readFileSync(path.join(bundle, 'training_set_metadata.json'), 'utf8')));
    const model = await t.call('GET', info.modelUrl, { as: viewer.key });
    expect(model.status).toBe(200);
    expect(model.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await model.arrayBuffer()).equals(onnx)).toBe(true);
  });

  it('refuses model.onnx over 64 MB with 413 "runs on the server only", and says so in the bundle', async () => {
    const { bundle } = await deployed('huge');
    truncateSync(path.join(bundle, 'model.onnx'), 65 * 1024 * 1024); // grown on disk after the deploy (sparse)
    const info = await expectJson(await t.call('GET', '/api/deployments/huge/bundle', { as: viewer.key }), 200);
    expect(info).toMatchObject({ runnableInBrowser: false, reason: 'Runs on the server only: its model.onnx is 65.0 MB, over the 64.0 MB a browser is sent.', modelBytes: 65 * 1024 * 1024 });
    const refused = await expectJson(await t.call('GET', '/api/deployments/huge/model.onnx', { as: viewer.key }), 413);
    expect(refused.error).toEqual({ code: 'too_large', message: 'Runs on the server only: its model.onnx is 65.0 MB, over the 64.0 MB a browser is sent.' });
  });

  it('keeps a model with an image input on the server, naming the input', async () => {
    const { bundle } = await deployed('photos');
    const file = path.join(bundle, 'model_hyperparameters.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { input_features: Record<string, unknown>[] };
    config.input_features.push({ name: 'photo', type: 'image' });
    writeFileSync(file, JSON.stringify(config));
    const info = await expectJson(await t.call('GET', '/api/deployments/photos/bundle', { as: viewer.key }), 200);
    expect(info).toMatchObject({ runnableInBrowser: false, reason: "Runs on the server only: its image input 'photo' is decoded by the server." });
    const refused = await expectJson(await t.call('GET', '/api/deployments/photos/model.onnx', { as: viewer.key }), 400);
    expect(refused.error.code).toBe('unsupported');
  });

  it('answers 409 for the graph of a run the deployment no longer serves, 404 for an unknown deployment and 401 without a key', async () => {
    await deployed('moved');
    const stale = await expectJson(await t.call('GET', '/api/deployments/moved/model.onnx?runId=00000000-0000-4000-8000-000000000000', { as: viewer.key }), 409);
    expect(stale.error.message).toMatch(/^deployment 'moved' now serves run [0-9a-f-]{36}, not 00000000-0000-4000-8000-000000000000: reload its bundle/);
    await expectJson(await t.call('GET', '/api/deployments/nope/bundle', { as: viewer.key }), 404);
    await expectJson(await t.call('GET', '/api/deployments/moved/bundle'), 401);
  });
});
