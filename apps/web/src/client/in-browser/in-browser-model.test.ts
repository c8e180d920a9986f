import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBrowserBundle, ServingEngine } from '@overture/serving';
import { predictionResponse } from '@overture/serving/browser';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerDifferences } from './compare-answers';
import { InBrowserModel } from './in-browser-model';

// The serving package's fixture bundles: every output type (binary, category, number, set) and a text input.
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../packages/serving/src/test/fixtures');
const bundles = { tabular: path.join(fixtures, 'multi-task', 'model'), text: path.join(fixtures, 'text-spam', 'model') };

const rows = {
  tabular: [
    { x1: 0.8, x2: -0.3, color: 'red', day: '2024-07-14', tags: ['red', 'sale'] },
    { x1: -2.5, x2: 1.1, color: 'purple', day: '2023-01-02', tags: [] },
    { x1: null, x2: 0, color: null, day: null, tags: null },
    { x1: 'many', x2: 0, color: 'red', day: '2024-07-14', tags: ['red'] },
  ],
  text: [{ message: 'you won a free prize' }, { message: 'see you at the meeting tomorrow' }, { message: null }],
};

const engine = new ServingEngine();
const models: Partial<Record<keyof typeof bundles, InBrowserModel>> = {};

beforeAll(async () => {
  // onnxruntime-web as Node resolves it: the same wasm runtime the page loads from /ort/, single-threaded.
  ort.env.wasm.numThreads = 1;
  for (const [name, directory] of Object.entries(bundles) as [keyof typeof bundles, string][]) {
    await engine.load(name, directory);
    const { bundle } = await describeBrowserBundle(directory);
    // Through JSON, as GET /api/deployments/{name}/bundle sends it.
    models[name] = await InBrowserModel.load(JSON.parse(JSON.stringify(bundle)), readFileSync(path.join(directory, 'model.onnx')), ort);
  }
});
afterAll(async () => {
  await engine.close();
  for (const model of Object.values(models)) await model?.release();
});

describe('InBrowserModel (onnxruntime-web) against the server (onnxruntime-node)', () => {
  it.each(Object.keys(bundles) as (keyof typeof bundles)[])('answers the %s fixture as POST /predict does, numbers to 1e-5', async (name) => {
    const server = predictionResponse(await engine.predict(name, rows[name]));
    const { response, milliseconds } = await models[name]!.predict(rows[name]);
    expect(answerDifferences(server, response)).toEqual([]);
    expect(response.predictions.filter((p) => p !== null).length).toBeGreaterThan(0);
    expect(milliseconds).toBeGreaterThan(0);
  });

  it('gives a bad row the same row error as the server', async () => {
    const { response } = await models.tabular!.predict(rows.tabular);
    expect(response.predictions[3]).toBeNull();
    expect(response.errors).toEqual([{ row: 4, message: "'x1' must be a number, got string \"many\"." }]);
  });
});
