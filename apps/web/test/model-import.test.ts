import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matMulChain, model as onnxModel, slowToLoad, withExtraGraph, type GraphSpec, type TensorSpec } from '../../../packages/serving/src/test/onnx-builder';
import { expectJson, startTestApp, type TestApp } from './harness';

// A bundle written by the trainer for the serving package's tests (as `overture train` writes OUT/model).
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures/multi-task/model');
const row = { x1: 0.8, x2: -0.3, color: 'red', day: '2024-07-14', tags: ['red', 'sale'] };

const progress = {
  epoch: 3, steps: 15, steps_per_epoch: 5, best_eval_metric_value: 0.42, best_eval_metric_epoch: 3,
  validation_field: 'combined', validation_metric: 'loss', stop_reason: 'completed',
};
const trainingStatistics = {
  training: { combined: { loss: [0.9, 0.6, 0.45] } },
  validation: { combined: { loss: [0.8, 0.5, 0.42] }, kind: { accuracy: [0.5, 0.7, 0.75] } },
  test: {},
  evaluation_frequency: { frequency: 1, period: 'epoch' },
};
const testStatistics = { kind: { accuracy: 0.75, loss: 0.5 }, combined: { loss: 0.44 } };
const featureImportance = { output: 'kind', metric: 'accuracy', repeats: 3, features: [{ feature: 'x1', importance: 0.2, std: 0.01 }] };

/** One ustar entry (header + padded body), written by hand so a test can say anything a hostile archive could. */
function tarEntry(name: string, body: string | Buffer = '', type: '0' | '2' | '5' = '0', link = ''): Buffer {
  const header = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) => header.write(text, offset, length, 'utf8');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0') + '\0';
  const content = typeof body === 'string' ? Buffer.from(body) : body;
  put(name, 0, 100);
  put(octal(type === '5' ? 0o755 : 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(type === '0' ? content.length : 0, 12), 124, 12);
  put(octal(1_700_000_000, 12), 136, 12);
  put(' '.repeat(8), 148, 8);
  put(type, 156, 1);
  put(link, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return Buffer.concat([header, type === '0' ? padded : Buffer.alloc(0)]);
}

const tarGz = (...entries: Buffer[]) => gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));

function form(content: Uint8Array | string, fileName: string, name?: string): FormData {
  const data = new FormData();
  if (name) data.append('name', name);
  data.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), fileName);
  return data;
}

describe('POST /api/models/import', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let work: string;
  /** The fixture bundle plus what `overture experiment` writes beside and into it. */
  let goodArchive: Buffer;

  /** The run folders and leftover uploads in the store (a refused import leaves none). */
  const storeLeftovers = () => [
    ...(existsSync(path.join(t.dataDir, 'runs')) ? readdirSync(path.join(t.dataDir, 'runs')) : []),
    ...(existsSync(path.join(t.dataDir, 'uploads')) ? readdirSync(path.join(t.dataDir, 'uploads')) : []),
  ];
  const modelCount = async () => (await expectJson(await t.call('GET', '/api/models', { as: member.key }), 200)).models.length as number;

  async function archiveOf(folder: string, entries: string[]): Promise<Buffer> {
    const file = path.join(work, `archive-${Math.random().toString(36).slice(2)}.tar.gz`);
    await create({ gzip: true, portable: true, cwd: folder, file }, entries);
    return readFileSync(file);
  }

  beforeAll(async () => {
    t = await startTestApp('model_import', { OVERTURE_MAX_UPLOAD_BYTES: String(1024 * 1024), OVERTURE_MAX_IMPORT_UNPACKED_BYTES: String(16 * 1024 * 1024) });
    member = await t.user('member');
    work = mkdtempSync(path.join(tmpdir(), 'overture-import-test-'));
    const out = path.join(work, 'out');
    cpSync(fixture, path.join(out, 'model'), { recursive: true });
    writeFileSync(path.join(out, 'model', 'training_progress.json'), JSON.stringify(progress));
    writeFileSync(path.join(out, 'model', 'training_statistics.json'), JSON.stringify(trainingStatistics));
    writeFileSync(path.join(out, 'test_statistics.json'), JSON.stringify(testStatistics));
    writeFileSync(path.join(out, 'feature_importance.json'), JSON.stringify(featureImportance));
    goodArchive = await archiveOf(out, ['.']); // what the README says: tar czf model.tar.gz -C OUT .
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports a CLI bundle as a model, an imported version 1 and a completed run that deploys and predicts', async () => {
    const imported = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(goodArchive, 'churn-model.tar.gz', 'Churn from the CLI') }), 201);
    expect(imported).toMatchObject({ name: 'Churn from the CLI', formatVersion: '1.0', hasTestStatistics: true, learningCurvePoints: 9 });
    expect(imported.outputs.map((o: { name: string }) => o.name)).toEqual(['kind', 'label', 'amount', 'tags_out']);

    const model = await expectJson(await t.call('GET', `/api/models/${imported.id}`, { as: member.key }), 200);
    expect(model).toMatchObject({ name: 'Churn from the CLI', datasetId: null, ownerId: member.id });
    expect(model.description).toMatch(/^Imported from churn-model\.tar\.gz: trained with Overture 0\.1 on 2026-11-26\.$/);
    expect(model.versions).toEqual([expect.objectContaining({ id: imported.versionId, version: 1, parentVersionId: null, imported: true, message: 'imported from churn-model.tar.gz' })]);
    const version = await expectJson(await t.call('GET', `/api/models/${imported.id}/versions/${imported.versionId}`, { as: member.key }), 200);
    expect(version.config).toContain('output_features:');
    // Every value the bundle resolved is kept; fields added to the schema since (with their defaults) join them.
    expect(version.resolvedConfig).toMatchObject(JSON.parse(readFileSync(path.join(fixture, 'model_hyperparameters.json'), 'utf8')));

    const run = await expectJson(await t.call('GET', `/api/runs/${imported.runId}`, { as: member.key }), 200);
    expect(run).toMatchObject({ status: 'completed', imported: true, datasetId: null, modelVersionId: imported.versionId, progressPct: 100, epoch: 3, step: 15, seed: 42 });
    expect(run.testStatistics).toEqual(testStatistics);
    expect(run.summary.import).toMatchObject({ fileName: 'churn-model.tar.gz', folder: 'model/', formatVersion: '1.0', backend: 'wasm', parameters: 12481 });
    const listed = await expectJson(await t.call('GET', `/api/runs?modelId=${imported.id}`, { as: member.key }), 200);
    expect(listed.runs).toEqual([expect.objectContaining({ id: imported.runId, imported: true, keyMetric: { output: 'combined', metric: 'loss', value: 0.42, split: 'validation', label: 'validation loss of combined' } })]);
    const curve = await expectJson(await t.call('GET', `/api/runs/${imported.runId}/metrics?output=combined&metric=loss&split=validation`, { as: member.key }), 200);
    expect(curve.series[0].points).toEqual([{ step: 5, epoch: 1, value: 0.8 }, { step: 10, epoch: 2, value: 0.5 }, { step: 15, epoch: 3, value: 0.42 }]);
    const artifacts = await expectJson(await t.call('GET', `/api/runs/${imported.runId}/artifacts`, { as: member.key }), 200);
    expect(artifacts.artifacts.map((a: { kind: string }) => a.kind).sort()).toEqual(['feature_importance', 'model_bundle', 'test_statistics', 'training_statistics']);
    const importance = await expectJson(await t.call('GET', `/api/runs/${imported.runId}/feature-importance`, { as: member.key }), 200);
    expect(importance.featureImportance).toEqual(featureImportance);
    expect(existsSync(path.join(t.dataDir, 'runs', imported.runId, 'output', 'model', 'model.onnx'))).toBe(true);
    expect(readdirSync(path.join(t.dataDir, 'runs', imported.runId))).toEqual(['output']);
    expect(readdirSync(path.join(t.dataDir, 'uploads'))).toEqual([]);

    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'imported-churn', runId: imported.runId } }), 201);
    // No dataset profile: the playground's typical row comes from the bundle's training-set metadata.
    const deployment = await expectJson(await t.call('GET', '/api/deployments/imported-churn', { as: member.key }), 200);
    expect(deployment.inputs.slice(0, 3)).toEqual([
      { name: 'x1', type: 'number', column: 'x1', typical: '-0.1238', choices: [] },
      { name: 'x2', type: 'number', column: 'x2', typical: '0.09087', choices: [] },
      { name: 'color', type: 'category', column: 'color', typical: 'blue', choices: ['blue', 'black', 'green', 'red'] },
    ]);
    const answer = await expectJson(await t.call('POST', '/predict/imported-churn', { as: member.key, body: { instances: [row] } }), 200);
    expect(answer.predictions[0].kind.prediction).toEqual(expect.any(String));
    expect(answer.predictions[0].amount.prediction).toEqual(expect.any(Number));
    await expectJson(await t.call('DELETE', '/api/deployments/imported-churn', { as: member.key }), 200);
  });

  it('imports the bare bundle folder a run download holds, named after its outputs', async () => {
    const bare = await archiveOf(path.dirname(fixture), ['model']);
    const imported = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(bare, 'model-0b3c1c8e-1f7a-4a5e-9a51-1f2d3c4b5a69.tar.gz') }), 201);
    expect(imported).toMatchObject({ name: 'kind, label, amount, tags_out model (imported)', hasTestStatistics: false, learningCurvePoints: 0 });
    const run = await expectJson(await t.call('GET', `/api/runs/${imported.runId}`, { as: member.key }), 200);
    expect(run).toMatchObject({ status: 'completed', imported: true, testStatistics: null });
    const curves = await expectJson(await t.call('GET', `/api/runs/${imported.runId}/metrics`, { as: member.key }), 200);
    expect(curves.series).toEqual([]);
  });

  it('imports, deploys and serves a category_distribution bundle: the output typed for the playground, a distribution over its vocab per answer', async () => {
    const distribution = path.resolve(path.dirname(fixture), '../weather-mix/model');
    const imported = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(await archiveOf(path.dirname(distribution), ['model']), 'weather.tar.gz') }), 201);
    expect(imported.outputs).toEqual([expect.objectContaining({ name: 'weather', type: 'category_distribution' })]);
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'weather-mix', runId: imported.runId } }), 201);
    const deployment = await expectJson(await t.call('GET', '/api/deployments/weather-mix', { as: member.key }), 200);
    expect(deployment.outputs).toEqual([{ name: 'weather', type: 'category_distribution', decoder: 'classifier' }]);
    const answer = await expectJson(await t.call('POST', '/predict/weather-mix', { as: member.key, body: { instances: [{ x1: 2, x2: -1 }, { x1: -1.5, x2: -1.5 }] } }), 200);
    expect(answer.predictions.map((p: { weather: { prediction: string } }) => p.weather.prediction)).toEqual(['rain', 'snow']);
    for (const p of answer.predictions as { weather: { probability: number; probabilities: Record<string, number> } }[]) {
      expect(Object.keys(p.weather.probabilities)).toEqual(['rain', 'sun', 'snow']);
      expect(Object.values(p.weather.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.weather.probability).toBe(Math.max(...Object.values(p.weather.probabilities)));
    }
    await expectJson(await t.call('DELETE', '/api/deployments/weather-mix', { as: member.key }), 200);
  });

  it('imports, deploys and serves an anomaly bundle: the output typed for the playground, is-anomaly and the score per answer', async () => {
    const sensors = path.resolve(path.dirname(fixture), '../sensor-anomaly/model');
    const imported = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(await archiveOf(path.dirname(sensors), ['model']), 'sensors.tar.gz') }), 201);
    expect(imported.outputs).toEqual([expect.objectContaining({ name: 'anomaly', type: 'anomaly' })]);
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'sensor-anomaly', runId: imported.runId } }), 201);
    const deployment = await expectJson(await t.call('GET', '/api/deployments/sensor-anomaly', { as: member.key }), 200);
    expect(deployment.outputs).toEqual([{ name: 'anomaly', type: 'anomaly', decoder: 'anomaly' }]);
    const normal = { sensor_a: 0.1, sensor_b: -0.2, sensor_c: 0.3, timestamp_hour: 0 };
    const far = { sensor_a: 4, sensor_b: -3, sensor_c: 4, timestamp_hour: 2 };
    const answer = await expectJson(await t.call('POST', '/predict/sensor-anomaly', { as: member.key, body: { instances: [normal, far] } }), 200);
    const [n, f] = (answer.predictions as { anomaly: { prediction: boolean; anomaly_score: number } }[]).map((p) => p.anomaly);
    expect([n.prediction, f.prediction]).toEqual([false, true]);
    expect(f.anomaly_score).toBeGreaterThan(n.anomaly_score);
    await expectJson(await t.call('DELETE', '/api/deployments/sensor-anomaly', { as: member.key }), 200);
  });

  it('refuses an archive that holds no model bundle, a zip and a file that is no archive, leaving nothing behind', async () => {
    const models = await modelCount();
    const leftovers = storeLeftovers();
    const csv = tarGz(tarEntry('data/', '', '5'), tarEntry('data/rows.csv', 'a,b\n1,2\n'));
    const notBundle = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(csv, 'data.tar.gz') }), 400);
    expect(notBundle.error).toEqual({ code: 'invalid_input', message: expect.stringMatching(/^the archive holds no bundle\.json, so it is not an Overture model bundle; make one with 'tar czf model\.tar\.gz -C OUT \.'/) });
    const zip = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(Buffer.from('PK\x03\x04rest of a zip file'), 'model.zip') }), 400);
    expect(zip.error.message).toMatch(/^this is a \.zip file; the import reads \.tar\.gz archives/);
    const text = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form('just some text, not an archive', 'notes.txt') }), 400);
    expect(text.error.message).toMatch(/^this file is not a model archive \(\.tar\.gz\)/);
    const gzippedText = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(gzipSync('a,b\n1,2\n'), 'rows.csv.gz') }), 400);
    expect(gzippedText.error.message).toMatch(/^this file is not a model archive \(\.tar\.gz\)/);
    expect(await modelCount()).toBe(models);
    expect(storeLeftovers()).toEqual(leftovers);
  });

  it('refuses path traversal, absolute paths and links before writing them', async () => {
    const models = await modelCount();
    const leftovers = storeLeftovers();
    const escape = path.join(t.dataDir, '..', 'escaped.txt');
    const bundle = (...extra: Buffer[]) => tarGz(tarEntry('model/', '', '5'), tarEntry('model/bundle.json', '{"format_version":"1.0"}'), ...extra);
    const traversal = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(bundle(tarEntry('model/../../escaped.txt', 'gotcha')), 'evil.tar.gz') }), 400);
    expect(traversal.error.message).toBe("the archive holds a path that leaves its folder, 'model/../../escaped.txt'; it was not imported.");
    const absolute = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(bundle(tarEntry(escape, 'gotcha')), 'evil.tar.gz') }), 400);
    expect(absolute.error.message).toMatch(/^the archive holds an absolute path, '\/.*escaped\.txt'; it was not imported/);
    const link = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(bundle(tarEntry('model/model.onnx', '', '2', '/etc/passwd')), 'evil.tar.gz') }), 400);
    expect(link.error.message).toBe("the archive holds a symbolic link, 'model/model.onnx'; a model bundle has only files and folders, so it was not imported.");
    expect(existsSync(escape)).toBe(false);
    expect(await modelCount()).toBe(models);
    expect(storeLeftovers()).toEqual(leftovers);
  });

  it('says a truncated archive is incomplete, and a body cut short ended early', async () => {
    const models = await modelCount();
    const cutArchive = goodArchive.subarray(0, Math.floor(goodArchive.length * 0.6));
    const incomplete = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(cutArchive, 'churn-model.tar.gz') }), 400);
    expect(incomplete.error.message).toMatch(/^the archive is incomplete: it ends (in the middle of|right after) '[^']+'\. The upload was cut short or the file is damaged; make the archive again and upload it again\.$/);

    const whole = new Response(form(goodArchive, 'churn-model.tar.gz'));
    const bytes = new Uint8Array(await whole.arrayBuffer());
    const cutBody = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: bytes.slice(0, bytes.length - 100), headers: { 'content-type': whole.headers.get('content-type')! } }), 400);
    expect(cutBody.error.message).toMatch(/^the upload ended early or is malformed/);
    expect(await modelCount()).toBe(models);
  });

  it('refuses a bundle of another major format version, and one without model.onnx, in words', async () => {
    const folder = path.join(work, 'future');
    cpSync(fixture, path.join(folder, 'model'), { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(fixture, 'bundle.json'), 'utf8'));
    writeFileSync(path.join(folder, 'model', 'bundle.json'), JSON.stringify({ ...manifest, format_version: '9.0' }));
    const future = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(await archiveOf(folder, ['model']), 'future.tar.gz') }), 400);
    expect(future.error).toEqual({ code: 'unsupported', message: 'this model bundle has format version 9.0, which this Overture cannot read (it reads 1.x); import a bundle written by a matching Overture version.' });

    writeFileSync(path.join(folder, 'model', 'bundle.json'), JSON.stringify(manifest));
    rmSync(path.join(folder, 'model', 'model.onnx'));
    const old = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(await archiveOf(folder, ['model']), 'old.tar.gz') }), 400);
    expect(old.error.message).toBe("the model bundle has no model/model.onnx (bundles written before format 1.1 lack it); run 'overture export --model OUT/model' and archive the folder again.");
  });

  /** The fixture bundle with `onnx` as its model.onnx (and `extra` files beside it), archived as `tar czf x.tar.gz model`. */
  async function bundleArchive(onnx: Uint8Array, extra: Record<string, string | Buffer> = {}): Promise<Buffer> {
    const folder = path.join(work, `bundle-${Math.random().toString(36).slice(2)}`);
    cpSync(fixture, path.join(folder, 'model'), { recursive: true });
    writeFileSync(path.join(folder, 'model', 'model.onnx'), onnx);
    for (const [file, content] of Object.entries(extra)) {
      mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      writeFileSync(path.join(folder, file), content);
    }
    return archiveOf(folder, readdirSync(folder));
  }
  const fixtureOnnx = () => readFileSync(path.join(fixture, 'model.onnx'));
  const external = (location: string): TensorSpec => ({ name: 'stolen', dims: [64], dataType: 2, external: { location, length: '64' } });
  /** The fixture's graph plus an output `leak` that returns the external tensor's bytes: old code imported it and /predict served the file. */
  const leakingGraph = (tensor: TensorSpec): GraphSpec => ({
    nodes: [{ op: 'Identity', inputs: [tensor.name], outputs: ['leak'] }], initializers: [tensor], outputs: [{ name: 'leak', dims: [64], elemType: 2 }],
  });
  const constantOf = (tensor: TensorSpec, name = 'leak'): GraphSpec => ({ name, nodes: [{ op: 'Constant', inputs: [], outputs: [name], name: `${name}_value`, attributes: [{ name: 'value', tensor }] }], outputs: [{ name, dims: [64], elemType: 2 }] });
  const importArchive = async (archive: Buffer, fileName = 'model.tar.gz') => t.call('POST', '/api/models/import', { as: member.key, raw: form(archive, fileName) });

  it('refuses a model.onnx that reads files of the web process through external data, wherever the tensor sits, leaving nothing behind', async () => {
    const models = await modelCount();
    const leftovers = storeLeftovers();
    writeFileSync(path.join(t.dataDir, 'secret-probe'), 'x'.repeat(64));
    const cases: [Uint8Array, string][] = [];
    for (const location of ['package.json', '../../x', '/etc/passwd', 'data/secret', path.relative(process.cwd(), path.join(t.dataDir, 'secret-probe'))]) {
      cases.push([withExtraGraph(fixtureOnnx(), leakingGraph(external(location))), `initializer 'stolen' in the graph keeps its data in an external file ('${location}')`]);
    }
    cases.push([withExtraGraph(fixtureOnnx(), constantOf(external('package.json'))), "the tensor in attribute 'value' of node 'leak_value' (Constant) in the graph keeps its data in an external file ('package.json')"]);
    const ifNode = (branch: GraphSpec): GraphSpec => ({
      nodes: [{ op: 'If', inputs: ['cond'], outputs: ['leak'], name: 'choose', attributes: [{ name: 'then_branch', graph: branch }, { name: 'else_branch', graph: constantOf({ name: 'ok', dims: [64], dataType: 2 }, 'ok') }] }],
      initializers: [{ name: 'cond', dims: [], dataType: 9, raw: new Uint8Array([1]) }], outputs: [{ name: 'leak', dims: [64], elemType: 2 }],
    });
    cases.push([withExtraGraph(fixtureOnnx(), ifNode(constantOf(external('data/secret'), 'then'))), "the tensor in attribute 'value' of node 'then_value' (Constant) in the subgraph 'then' of node 'choose' (If) keeps its data in an external file ('data/secret')"]);
    const loop: GraphSpec = { nodes: [{ op: 'Loop', inputs: ['', ''], outputs: ['leak'], name: 'repeat', attributes: [{ name: 'body', graph: constantOf(external('../../x'), 'body') }] }] };
    cases.push([withExtraGraph(fixtureOnnx(), loop), "the tensor in attribute 'value' of node 'body_value' (Constant) in the subgraph 'body' of node 'repeat' (Loop) keeps its data in an external file ('../../x')"]);
    for (const [onnx, reason] of cases) {
      const refused = await expectJson(await importArchive(await bundleArchive(onnx)), 400);
      expect(refused.error).toEqual({ code: 'invalid_input', message: `model/model.onnx was refused: ${reason}; a served model must hold all its weights inside the .onnx file.` });
    }
    expect(await modelCount()).toBe(models);
    expect(storeLeftovers()).toEqual(leftovers);
  });

  it('refuses custom operators, local functions, huge dims and damaged graphs with a 400 that says why', async () => {
    const models = await modelCount();
    const leftovers = storeLeftovers();
    const plain = fixtureOnnx();
    const cases: [Uint8Array, string | RegExp][] = [
      [withExtraGraph(plain, { nodes: [{ op: 'ReadFile', inputs: [], outputs: ['leak'], domain: 'com.example.io', name: 'reader' }] }),
        "model/model.onnx was refused: node 'reader' (ReadFile) in the graph uses the custom operator domain 'com.example.io'; only the standard ONNX operators are served."],
      [onnxModel({ graph: { nodes: [] }, opsets: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }] }),
        "model/model.onnx was refused: it imports the operator set 'com.microsoft'; only the standard ONNX operators are served."],
      [onnxModel({ graph: { nodes: [{ op: 'Steal', inputs: [], outputs: ['y'] }] }, functions: [{ name: 'Steal', domain: 'local' }] }),
        "model/model.onnx was refused: it defines its own functions ('local.Steal'); only the standard ONNX operators are served."],
      [withExtraGraph(plain, { nodes: [], initializers: [{ name: 'huge', dims: [1_000_000, 1_000_000], raw: new Uint8Array(4) }] }),
        "model/model.onnx was refused: initializer 'huge' in the graph has 1000 billion elements (dims 1000000×1000000), more than the 100 million this platform serves."],
      [plain.subarray(0, Math.floor(plain.length / 2)), /^model\/model\.onnx was refused: it is not a valid ONNX file \(.+\); the file may be damaged — export it again\.$/],
      [Buffer.from('not a model at all, just text'), /^model\/model\.onnx was refused: it is not (a valid ONNX file \(.+\)|an ONNX model \(it has no graph\)); the file may be damaged/],
    ];
    for (const [onnx, message] of cases) {
      const refused = await expectJson(await importArchive(await bundleArchive(onnx)), 400);
      expect(refused.error.code).toBe('invalid_input');
      expect(refused.error.message).toMatch(typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
    }
    expect(await modelCount()).toBe(models);
    expect(storeLeftovers()).toEqual(leftovers);
  });

  it("refuses the issue's 1,500 chained 1200×1200 MatMuls quickly, by their cost", async () => {
    const bomb = await bundleArchive(matMulChain(1500, 1200));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const refused = await expectJson(await importArchive(bomb), 400);
    expect(refused.error).toEqual({ code: 'invalid_input', message: 'model/model.onnx was refused: its matrix products cost about 2.16 billion multiply-adds per row, more than the 1 billion this platform serves.' });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('keeps answering /api/health while it loads a slow-but-allowed model.onnx, then imports it', async () => {
    const slow = await bundleArchive(withExtraGraph(fixtureOnnx(), slowToLoad(19_000)));
    const importing = importArchive(slow, 'slow-model.tar.gz');
    let done = false;
    void importing.finally(() => { done = true; });
    const latencies: number[] = [];
    const started = performance.now();
    while (!done) {
      const asked = performance.now();
      await expectJson(await t.call('GET', '/api/health'), 200);
      latencies.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const took = performance.now() - started;
    await expectJson(await importing, 201);
    expect(took).toBeGreaterThan(800);
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(Math.min(1000, took / 3));
  });

  it('refuses an archive that expands past its limit while unpacking, before writing it, whether kept or not', async () => {
    const models = await modelCount();
    const leftovers = storeLeftovers();
    const manifest = readFileSync(path.join(fixture, 'bundle.json'));
    const zeros = Buffer.alloc(40 * 1024 * 1024);
    for (const name of ['model/weights/weights.bin', 'model/checkpoints/epoch-1.bin']) {
      const bomb = tarGz(tarEntry('model/', '', '5'), tarEntry('model/bundle.json', manifest), tarEntry(name, zeros));
      expect(bomb.length).toBeLessThan(200 * 1024);
      const refused = await expectJson(await importArchive(bomb), 413);
      expect(refused.error).toEqual({ code: 'too_large', message: `'${name}' in the archive is 40 MB, more than the 16 MB this platform accepts for one file of a model bundle of this size.` });
    }
    // Many files under the per-file limit add up past the archive's limit.
    const parts = Array.from({ length: 5 }, (_, i) => tarEntry(`model/weights/part-${i}.bin`, Buffer.alloc(4 * 1024 * 1024)));
    const spread = await expectJson(await importArchive(tarGz(tarEntry('model/bundle.json', manifest), ...parts)), 413);
    expect(spread.error).toEqual({ code: 'too_large', message: 'the archive unpacks to more than 16 MB, more than this platform accepts for a model bundle of this size; archive only the model folder.' });
    expect(await modelCount()).toBe(models);
    expect(storeLeftovers()).toEqual(leftovers);
  });

  it('refuses archives of many tiny entries, deep paths and long paths', async () => {
    const leftovers = storeLeftovers();
    const many = Array.from({ length: 1001 }, (_, i) => tarEntry(`model/f${i}`, 'x'));
    const tooMany = await expectJson(await importArchive(tarGz(...many)), 400);
    expect(tooMany.error.message).toBe('the archive holds more than 1000 files and folders; a model bundle has a handful. Archive only the model folder.');
    const deep = await expectJson(await importArchive(tarGz(tarEntry('a/b/c/d/e/f/g/h/i/bundle.json', '{}'))), 400);
    expect(deep.error.message).toBe("the archive holds a path nested more than 8 folders deep ('a/b/c/d/e/f/g/h/i/bundle.json'); a model bundle is at most a few folders deep.");
    // ustar names are 100 bytes; a pax header carries a longer one.
    const longName = `model/${'x'.repeat(600)}`;
    const pax = (record: string) => { const line = ` path=${record}\n`; let n = line.length; n += String(n + String(n).length).length; return `${n}${line}`; };
    const paxHeader = tarEntry('PaxHeader/long', pax(longName));
    paxHeader.write('x', 156, 1, 'latin1');
    let sum = 0;
    paxHeader.write(' '.repeat(8), 148, 8, 'latin1');
    for (const byte of paxHeader.subarray(0, 512)) sum += byte;
    paxHeader.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
    const long = await expectJson(await importArchive(tarGz(paxHeader, tarEntry('model/short', 'x'))), 400);
    expect(long.error.message).toBe(`the archive holds a path longer than 512 characters ('${longName.slice(0, 80)}…'); a model bundle is at most a few folders deep.`);
    expect(storeLeftovers()).toEqual(leftovers);
  });

  it('keeps only the bundle files of an archive and lists what it left out', async () => {
    const archive = await bundleArchive(fixtureOnnx(), { 'model/checkpoints/epoch-3.bin': 'weights of an old epoch', 'notes.txt': 'my notes', 'model/weights/manifest.json': '{}' });
    const imported = await expectJson(await importArchive(archive, 'with-extras.tar.gz'), 201);
    const run = await expectJson(await t.call('GET', `/api/runs/${imported.runId}`, { as: member.key }), 200);
    expect(run.summary.import).toMatchObject({ skippedFiles: ['model/checkpoints/epoch-3.bin', 'notes.txt'], skippedFileCount: 2 });
    const kept = path.join(t.dataDir, 'runs', imported.runId, 'output', 'model');
    expect(readdirSync(kept).sort()).toEqual([...readdirSync(fixture), 'weights'].sort());
    expect(readdirSync(path.join(kept, 'weights'))).toEqual(['manifest.json']);
  });

  it('answers 413 over the upload limit, 403 to a viewer and 401 without credentials', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 1);
    const tooLarge = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(big, 'huge.tar.gz') }), 413);
    expect(tooLarge.error).toEqual({ code: 'too_large', message: 'the file is larger than the upload limit of 1 MB (OVERTURE_MAX_UPLOAD_BYTES).' });
    const viewer = await t.user('viewer');
    const refused = await expectJson(await t.call('POST', '/api/models/import', { as: viewer.key, raw: form(goodArchive, 'churn-model.tar.gz') }), 403);
    expect(refused.error).toEqual({ code: 'forbidden', message: 'this needs the member role; you are a viewer.' });
    await expectJson(await t.call('POST', '/api/models/import', { raw: form(goodArchive, 'churn-model.tar.gz') }), 401);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await expectJson(await t.call('GET', '/api/openapi.json'), 200);
    const operation = doc.paths['/api/models/import'].post;
    expect(operation['x-overture-role']).toBe('member');
    expect(Object.keys(operation.requestBody.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(operation.responses)).toContain('201');
  });
});
