import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

/**
 * Click streams (space-separated event codes) where a session converts when it holds a CART event:
 * a bag-of-tokens rule the default `embed` encoder can learn. Codes with punctuation (`page/2`)
 * stay one token under the space tokenizer, as Ludwig's sequence default keeps them.
 */
function sessionsCsv(rows: number): string {
  const browse = ['VIEW', 'SEARCH', 'page/2', 'HOME', 'SCROLL', 'HELP'];
  let seed = 5;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (xs: string[]) => xs[Math.floor(next() * xs.length)];
  const lines = ['events,converted'];
  for (let i = 0; i < rows; i++) {
    const events = Array.from({ length: 2 + Math.floor(next() * 8) }, () => pick(browse));
    const converted = i % 2 === 0;
    if (converted) events.splice(Math.floor(next() * events.length), 0, 'CART');
    lines.push(`${events.join(' ')},${converted ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe("a sequence input with Ludwig's default encoder (embed), end to end through the CLI and serving", () => {
  const dir = tempDir();
  let model: string;
  let engine: ServingEngine;
  let trainLog = '';

  beforeAll(async () => {
    const dataset = writeFile(dir, 'sessions.csv', sessionsCsv(300));
    // No encoder and no tokenizer written: embed over space-separated tokens.
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: events, type: sequence, encoder: {embedding_size: 16}, preprocessing: {max_sequence_length: 8}}]',
      'output_features: [{name: converted, type: binary}]',
      'trainer: {epochs: 30, batch_size: 32, learning_rate: 0.02, early_stop: -1}',
    ].join('\n'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);
    trainLog = trained.stderr + trained.stdout;
    model = path.join(dir, 'out', 'model');
    engine = new ServingEngine();
    await engine.load('sessions', model);
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
  });

  it('stores the resolved embed encoder and the space-tokenized vocabulary under Ludwig keys', () => {
    const hyper = JSON.parse(readFileSync(path.join(model, 'model_hyperparameters.json'), 'utf8'));
    expect(hyper.input_features[0]).toMatchObject({ type: 'sequence', encoder: { type: 'embed', embedding_size: 16, reduce_output: 'sum' } });
    const metadata = JSON.parse(readFileSync(path.join(model, 'training_set_metadata.json'), 'utf8'));
    expect(metadata.events.type).toBe('sequence');
    expect(metadata.events.preprocessing).toMatchObject({ tokenizer: 'space', compute_idf: false });
    expect(metadata.events.idx2str.slice(0, 4)).toEqual(['<EOS>', '<SOS>', '<PAD>', '<UNK>']);
    // The space tokenizer keeps 'page/2' whole.
    expect(metadata.events.str2idx['page/2']).toBeGreaterThan(3);
    expect(metadata.events.str2idf).toBeNull();
  });

  it('says how many sequences were truncated to max_sequence_length', () => {
    expect(trainLog).toMatch(/sequence feature 'events': \d+ rows were longer than the sequence length and were truncated to max_sequence_length 8/);
  });

  it('predicts on the ONNX path as tfjs does, and learned which token converts', async () => {
    const rows = writeFile(dir, 'rows.csv', 'events,converted\nVIEW CART HOME,\nVIEW SEARCH HOME SCROLL,\nNEVER SEEN,\n,\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    expect(a).toHaveLength(4);
    a.forEach((row, i) => {
      for (const [key, value] of Object.entries(row)) {
        if (typeof value === 'number') expect(Math.abs(value - (b[i][key] as number)), key).toBeLessThan(1e-4);
        else expect(value, key).toEqual(b[i][key]);
      }
    });
    expect(a.slice(0, 2).map((r) => r.converted_predictions)).toEqual(['yes', 'no']);
  });

  it('serves a sequence as a string or a list of tokens (the same answer); an object is a row error', async () => {
    const result = predictionResponse(await engine.predict('sessions', [
      { events: 'SEARCH CART VIEW' },
      { events: ['SEARCH', 'CART', 'VIEW'] },
      { events: [] },
      { events: { CART: 1 } },
    ]));
    const predictions = result.predictions as ({ converted: { prediction: string; probability: number } } | null)[];
    expect(predictions[0]?.converted.prediction).toBe('yes');
    expect(predictions[1]?.converted).toEqual(predictions[0]?.converted);
    expect(predictions[2]).not.toBeNull();
    expect(predictions[3]).toBeNull();
    expect(result.errors).toEqual([{ row: 4, message: "'events' must be a string or a list of tokens, got an object." }]);
  });
});

describe('a sequence input with the rnn encoder and the comma tokenizer from defaults.sequence', () => {
  const dir = tempDir();

  it('trains, exports and predicts the same on ONNX and tfjs', async () => {
    // The order of A and B decides the label: a bag of tokens cannot learn it, a GRU can.
    const lines = ['codes,label'];
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 300; i++) {
      const codes = Array.from({ length: 1 + Math.floor(next() * 4) }, () => ['x1', 'x2', 'x3'][Math.floor(next() * 3)]);
      const [first, second] = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      codes.splice(Math.floor(next() * (codes.length + 1)), 0, first);
      codes.push(second);
      lines.push(`"${codes.join(',')}",${i % 2 === 0 ? 'ab' : 'ba'}`);
    }
    const dataset = writeFile(dir, 'codes.csv', `${lines.join('\n')}\n`);
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: codes, type: sequence, encoder: {type: rnn, cell_type: gru, state_size: 12, embedding_size: 8}}]',
      'output_features: [{name: label, type: category}]',
      'defaults: {sequence: {preprocessing: {tokenizer: comma}}}',
      'trainer: {epochs: 25, batch_size: 32, learning_rate: 0.02, early_stop: -1}',
    ].join('\n'));
    const out = path.join(dir, 'out');
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', out]);
    expect(trained.code, trained.stderr).toBe(0);
    const model = path.join(out, 'model');
    const metadata = JSON.parse(readFileSync(path.join(model, 'training_set_metadata.json'), 'utf8'));
    expect(metadata.codes.preprocessing.tokenizer).toBe('comma');
    expect(Object.keys(metadata.codes.str2idx)).toEqual(expect.arrayContaining(['A', 'B', 'x1']));
    const rows = writeFile(dir, 'rows.csv', 'codes\n"x1,A,x2,B"\n"B,x3,A"\n"x2,x2,A,x1,B"\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    a.forEach((row, i) => expect(Math.abs((row.label_probability as number) - (b[i].label_probability as number))).toBeLessThan(1e-4));
    expect(a.map((r) => r.label_predictions)).toEqual(['ab', 'ba', 'ab']);
  }, 180_000);
});
