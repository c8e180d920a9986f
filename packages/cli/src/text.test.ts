import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

/** Messages whose words decide the label: spam words vs meeting words, with shared filler. */
function textCsv(rows: number): string {
  const spam = ['win', 'cash', 'prize', 'free', 'claim', 'offer'];
  const ham = ['meeting', 'tomorrow', 'report', 'lunch', 'project', 'notes'];
  const filler = ['the', 'a', 'please', 'now', 'today', 'you'];
  const lines = ['message,channel,label'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (xs: string[]) => xs[Math.floor(next() * xs.length)];
  for (let i = 0; i < rows; i++) {
    const isSpam = i % 2 === 0;
    const words = Array.from({ length: 3 + Math.floor(next() * 5) }, () => (next() < 0.5 ? pick(isSpam ? spam : ham) : pick(filler)));
    words.push(pick(isSpam ? spam : ham));
    lines.push(`"${words.join(' ')}!",${pick(['email', 'sms'])},${isSpam ? 'spam' : 'ham'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a text input with the tf_idf encoder, end to end through the CLI', () => {
  const dir = tempDir();
  let model: string;
  let engine: ServingEngine;
  let trainLog = '';

  beforeAll(async () => {
    const dataset = writeFile(dir, 'messages.csv', textCsv(300));
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: message, type: text, encoder: {type: tf_idf}, preprocessing: {max_sequence_length: 8}}, {name: channel, type: category}]',
      'output_features: [{name: label, type: binary}]',
      'trainer: {epochs: 60, batch_size: 32, learning_rate: 0.05, early_stop: -1}',
    ].join('\n'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);
    trainLog = trained.stderr + trained.stdout;
    model = path.join(dir, 'out', 'model');
    engine = new ServingEngine();
    await engine.load('text', model);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  it('says how many rows were truncated to max_sequence_length', () => {
    expect(trainLog).toMatch(/text feature 'message': \d+ rows were longer than the sequence length and were truncated to max_sequence_length 8/);
  });

  it('stores the vocabulary and idf in training_set_metadata.json under Ludwig keys', () => {
    const metadata = JSON.parse(readFileSync(path.join(model, 'training_set_metadata.json'), 'utf8'));
    expect(metadata.message.idx2str.slice(0, 4)).toEqual(['<EOS>', '<SOS>', '<PAD>', '<UNK>']);
    expect(metadata.message.str2idf.prize).toBeGreaterThan(0);
    expect(metadata.message.preprocessing.compute_idf).toBe(true);
    expect(metadata.message.max_sequence_length).toBeGreaterThan(4);
  });

  it('predicts from text on the ONNX path as tfjs does, and learned the words', async () => {
    const rows = writeFile(dir, 'rows.csv', 'message,channel\n"claim your free prize now",email\n"project meeting notes tomorrow",sms\n"zzz qqq never seen",email\n');
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
    expect(a.map((r) => r.label_predictions)).toEqual(['spam', 'ham', expect.any(String)]);
  });

  it('predicts a CSV whose text has non-UTF-8 bytes and an empty cell', async () => {
    const rows = path.join(dir, 'latin1.csv');
    writeFileSync(rows, Buffer.concat([Buffer.from('message,channel\n"caf'), Buffer.from([0xe9]), Buffer.from(' free prize",email\n,sms\n')]));
    const run = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(out).toHaveLength(2);
    expect(out[0].label_predictions).toBe('spam');
  });

  it('serves text rows: unseen tokens, an empty string, null, a number, replacement characters and a 1 MB cell are answered; a list is a row error', async () => {
    const instance = (message: unknown) => ({ message, channel: 'email' });
    const result = predictionResponse(await engine.predict('text', [
      instance('win cash prize'),
      instance('totally unseen vocabulary'),
      instance(''),
      instance(null),
      instance(42),
      instance('caf\ufffd prize \ufffd'),
      instance('meeting '.repeat(131_072)),
      instance(['win', 'cash']),
    ]));
    const predictions = result.predictions as ({ label: { prediction: string } } | null)[];
    expect(predictions.slice(0, 7).every((p) => p !== null && ['spam', 'ham'].includes(p.label.prediction))).toBe(true);
    expect(predictions[0]?.label.prediction).toBe('spam');
    expect(predictions[6]?.label.prediction).toBe('ham');
    expect(predictions[7]).toBeNull();
    expect(result.errors).toEqual([{ row: 8, message: "'message' must be a string, got a list." }]);
  });

});

describe("a text input with Ludwig's default encoder (parallel_cnn), end to end through the CLI and serving", () => {
  const dir = tempDir();
  let model: string;
  let engine: ServingEngine;

  beforeAll(async () => {
    const dataset = writeFile(dir, 'messages.csv', textCsv(300));
    // No encoder written: the text gets parallel_cnn, here smaller than Ludwig's defaults to stay fast.
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: message, type: text, preprocessing: {max_sequence_length: 12}}, {name: channel, type: category}]',
      'output_features: [{name: label, type: binary}]',
      'defaults: {text: {encoder: {embedding_size: 16, num_filters: 8, num_fc_layers: 1, output_size: 16, reduce_output: max}}}',
      'trainer: {epochs: 15, batch_size: 32, learning_rate: 0.01, early_stop: -1}',
    ].join('\n'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(dir, 'out', 'model');
    engine = new ServingEngine();
    await engine.load('cnn', model);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  it('stores the resolved parallel_cnn and padded token ids (no idf) in the bundle', () => {
    const hyper = JSON.parse(readFileSync(path.join(model, 'model_hyperparameters.json'), 'utf8'));
    expect(hyper.input_features[0].encoder).toMatchObject({ type: 'parallel_cnn', embedding_size: 16, num_filters: 8, reduce_output: 'max' });
    const metadata = JSON.parse(readFileSync(path.join(model, 'training_set_metadata.json'), 'utf8'));
    expect(metadata.message.preprocessing.compute_idf).toBe(false);
    expect(metadata.message.str2idf).toBeNull();
  });

  it('predicts from text on the ONNX path as tfjs does, and learned the words', async () => {
    const rows = writeFile(dir, 'rows.csv', 'message,channel\n"claim your free prize now",email\n"project meeting notes tomorrow",sms\n"zzz qqq never seen",email\n,sms\n');
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
    expect(a.map((r) => r.label_predictions)).toEqual(['spam', 'ham', expect.any(String), expect.any(String)]);
  });

  it('serves /predict rows from the saved bundle: words, unseen words, an empty string, null, a text longer than max_sequence_length', async () => {
    const instance = (message: unknown) => ({ message, channel: 'email' });
    const result = predictionResponse(await engine.predict('cnn', [
      instance('win cash prize'),
      instance('lunch meeting report'),
      instance('totally unseen vocabulary'),
      instance(''),
      instance(null),
      instance('project notes '.repeat(200) + 'tomorrow'),
      instance(7),
    ]));
    expect(result.errors).toBeUndefined();
    const predictions = result.predictions as unknown as { label: { prediction: string; probability: number } }[];
    expect(predictions.every((p) => ['spam', 'ham'].includes(p.label.prediction) && p.label.probability >= 0.5)).toBe(true);
    expect(predictions.slice(0, 2).map((p) => p.label.prediction)).toEqual(['spam', 'ham']);
    expect(predictions[5].label.prediction).toBe('ham');
  });
});
