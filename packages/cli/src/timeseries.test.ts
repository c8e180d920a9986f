import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { startPredictionServer, type PredictionServer } from './serve/server.js';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

/** A seeded hourly series: a 12-step season, a slow trend and a little noise. */
function series(rows: number, seed: number): number[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: rows }, (_, t) => 10 + 0.01 * t + 2 * Math.sin((2 * Math.PI * t) / 12) + (next() - 0.5) * 0.4);
}

const WINDOW = 12;
const HORIZON = 3;

describe('a timeseries forecast (window_size in, horizon out) end to end through the CLI and serving', () => {
  const dir = tempDir();
  const values = series(600, 5);
  let model: string;
  let engine: ServingEngine;
  let server: PredictionServer;

  beforeAll(async () => {
    const dataset = writeFile(dir, 'load.csv', `load\n${values.map((v) => v.toFixed(4)).join('\n')}\n`);
    const config = writeFile(dir, 'config.yaml', [
      `input_features: [{name: load, type: timeseries, preprocessing: {window_size: ${WINDOW}}, encoder: {type: passthrough}}]`,
      `output_features: [{name: load_next, type: timeseries, column: load, preprocessing: {horizon: ${HORIZON}}}]`,
      'trainer: {epochs: 40, batch_size: 32, learning_rate: 0.005}',
    ].join('\n'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(dir, 'out', 'model');
    engine = new ServingEngine();
    await engine.load('load', model);
    server = await startPredictionServer({ engine, model: 'load', host: '127.0.0.1', port: 0 });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await engine?.close();
  });

  it("stores Ludwig's metadata and reports huber loss with MSE and MAE that beat repeating the last value", async () => {
    const metadata = JSON.parse(readFileSync(path.join(model, 'training_set_metadata.json'), 'utf8'));
    expect(metadata.load).toMatchObject({ type: 'timeseries', max_timeseries_length: WINDOW });
    expect(metadata.load_next).toMatchObject({ type: 'timeseries', max_timeseries_length: HORIZON });
    const run = await runCli(['evaluate', '--model', model, '--dataset', path.join(dir, 'load.csv'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const stats = JSON.parse(run.stdout).load_next;
    expect(Object.keys(stats)).toEqual(expect.arrayContaining(['loss', 'mean_squared_error', 'mean_absolute_error']));
    // Repeating the last observed value misses the season by ~1 on average; the model learns it.
    let naive = 0;
    let count = 0;
    for (let t = WINDOW; t + HORIZON < values.length; t++) {
      for (let k = 1; k <= HORIZON; k++, count++) naive += Math.abs(values[t + k] - values[t]);
    }
    expect(stats.mean_absolute_error).toBeLessThan(0.5 * (naive / count));
  });

  it("predicts Ludwig's <output>_predictions lists on the ONNX path as tfjs does", async () => {
    const rows = writeFile(dir, 'rows.csv', `load\n${values.slice(0, 20).map((v) => v.toFixed(4)).join('\n')}\n`);
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as { load_next_predictions: number[] }[][];
    expect(a).toHaveLength(20);
    expect(a[19].load_next_predictions).toHaveLength(HORIZON);
    a.forEach((row, i) => row.load_next_predictions.forEach((v, k) => expect(Math.abs(v - b[i].load_next_predictions[k])).toBeLessThan(1e-3)));
  });

  it('POST /predict takes a history as a JSON array or a string; a non-number is a row error', async () => {
    const history = values.slice(100, 100 + WINDOW);
    const response = await fetch(`${server.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [{ load: history }, { load: history.map((v) => v.toFixed(4)).join(' ') }, { load: [1, 'two', 3] }, { load: '1 x 3' }] }),
    });
    expect(response.status).toBe(200);
    const body = await response.json() as { predictions: ({ load_next: { prediction: number[] } } | null)[]; errors: { row: number; message: string }[] };
    const [fromArray, fromString] = body.predictions.map((p) => p?.load_next.prediction ?? null);
    expect(fromArray).toHaveLength(HORIZON);
    fromArray!.forEach((v, k) => {
      expect(Math.abs(v - fromString![k])).toBeLessThan(1e-3);
      expect(Math.abs(v - values[100 + WINDOW + k])).toBeLessThan(1);
    });
    expect(body.predictions.slice(2)).toEqual([null, null]);
    expect(body.errors).toEqual([
      { row: 3, message: "'load' must be a list of numbers (null for a missing step); item 2 is string \"two\"." },
      { row: 4, message: "'load' holds 'x', which is not a number." },
    ]);
  });

  it('serving answers a history longer than the window from its last window_size values', async () => {
    const long = values.slice(88, 100 + WINDOW);
    const exact = values.slice(100, 100 + WINDOW);
    const [a, b] = (predictionResponse(await engine.predict('load', [{ load: long }, { load: exact }])).predictions as { load_next: { prediction: number[] } }[])
      .map((p) => p.load_next.prediction);
    expect(a).toEqual(b);
  });

  it('refuses mamba by name, a patch longer than the window and a horizon as long as the data with a clear message', async () => {
    const mamba = writeFile(dir, 'mamba.yaml', [
      'input_features: [{name: load, type: timeseries, preprocessing: {window_size: 8}, encoder: {type: mamba}}]',
      'output_features: [{name: load_next, type: timeseries, column: load, preprocessing: {horizon: 2}}]',
    ].join('\n'));
    const refused = await runCli(['train', '--config', mamba, '--dataset', path.join(dir, 'load.csv'), '--output-directory', path.join(dir, 'refused')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("'mamba' is a Ludwig timeseries encoder that Overture does not support yet (feature 'load')");
    const patch = writeFile(dir, 'patch.yaml', [
      'input_features: [{name: load, type: timeseries, preprocessing: {window_size: 8}, encoder: {type: patchtst}}]',
      'output_features: [{name: load_next, type: timeseries, column: load, preprocessing: {horizon: 2}}]',
    ].join('\n'));
    const longPatch = await runCli(['train', '--config', patch, '--dataset', path.join(dir, 'load.csv'), '--output-directory', path.join(dir, 'patch')]);
    expect(longPatch.code).not.toBe(0);
    expect(longPatch.stderr).toContain("feature 'load': the series has 8 steps, fewer than patch_size 16; use a smaller patch_size or a longer series (window_size, timeseries_length_limit)");
    expect(longPatch.stderr).not.toMatch(/\n\s+at /);
    const short = writeFile(dir, 'short.csv', 'load\n1\n2\n3\n');
    const horizon = writeFile(dir, 'horizon.yaml', [
      'input_features: [{name: load, type: timeseries, preprocessing: {window_size: 2}}]',
      'output_features: [{name: load_next, type: timeseries, column: load, preprocessing: {horizon: 3}}]',
    ].join('\n'));
    const tooLong = await runCli(['train', '--config', horizon, '--dataset', short, '--output-directory', path.join(dir, 'short')]);
    expect(tooLong.code).not.toBe(0);
    expect(tooLong.stderr).toContain("horizon 3 needs more than 3 rows of column 'load' (one to forecast from), and the table has 3.");
  });
});
