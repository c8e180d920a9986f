import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

/** Texts where only the order of "alpha" and "beta" decides the label. */
function orderCsv(rows: number): string {
  const filler = ['the', 'a', 'red', 'blue', 'cat', 'dog', 'runs', 'and'];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['text,label'];
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 1 + Math.floor(next() * 5) }, () => filler[Math.floor(next() * filler.length)]);
    const [first, second] = i % 2 === 0 ? ['alpha', 'beta'] : ['beta', 'alpha'];
    words.splice(Math.floor(next() * (words.length + 1)), 0, first);
    words.push(second);
    lines.push(`${words.join(' ')},${i % 2 === 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a text input with the rnn encoder (lstm), end to end through the CLI', () => {
  const dir = tempDir();
  let model: string;
  let engine: ServingEngine;

  beforeAll(async () => {
    const dataset = writeFile(dir, 'order.csv', orderCsv(400));
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: text, type: text, encoder: {type: rnn, cell_type: lstm, state_size: 16, embedding_size: 8}, preprocessing: {padding: left}}]',
      'output_features: [{name: label, type: binary}]',
      'trainer: {epochs: 15, batch_size: 32, learning_rate: 0.01, early_stop: -1}',
    ].join('\n'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(dir, 'out', 'model');
    engine = new ServingEngine();
    await engine.load('order', model);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  it('predicts on the ONNX path as tfjs does, and learned the order', async () => {
    const rows = writeFile(dir, 'rows.csv', 'text\nalpha the cat beta\nbeta the cat alpha\nred alpha blue dog beta\nbeta zzz unseen alpha\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    a.forEach((row, i) => {
      for (const [key, value] of Object.entries(row)) {
        if (typeof value === 'number') expect(Math.abs(value - (b[i][key] as number)), key).toBeLessThan(1e-4);
        else expect(value, key).toEqual(b[i][key]);
      }
    });
    expect(a.map((r) => r.label_predictions)).toEqual(['yes', 'no', 'yes', 'no']);
  });

  it('serves text rows, an empty string and a null among them', async () => {
    const result = predictionResponse(await engine.predict('order', [{ text: 'a alpha dog beta' }, { text: '' }, { text: null }, { text: 'beta red alpha' }]));
    const predictions = result.predictions as ({ label: { prediction: string } } | null)[];
    expect(predictions.map((p) => p?.label.prediction)).toEqual(['yes', expect.any(String), expect.any(String), 'no']);
  });
});
