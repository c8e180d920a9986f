import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { writeTinyTextEncoder } from '@overture/trainer';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

const POSITIVE = ['great', 'love', 'excellent', 'happy', 'wonderful'];
const NEGATIVE = ['awful', 'hate', 'terrible', 'sad', 'broken'];
const NEUTRAL = ['the', 'movie', 'was', 'a', 'film', 'plot', 'actor', 'scene', 'very', 'quite', 'and', 'it', 'story', 'ending', 'music', 'time'];

function reviewsCsv(rows: number): string {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (xs: string[]) => xs[Math.floor(next() * xs.length)];
  const lines = ['review,label'];
  for (let i = 0; i < rows; i++) {
    const positive = i % 2 === 0;
    const words = Array.from({ length: 3 + Math.floor(next() * 4) }, () => pick(NEUTRAL));
    words.splice(Math.floor(next() * words.length), 0, pick(positive ? POSITIVE : NEGATIVE));
    lines.push(`${words.join(' ')},${positive ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

const configYaml = (encoder: string) => [
  `input_features: [{name: review, type: text, encoder: ${encoder}}]`,
  'output_features: [{name: label, type: binary}]',
  'combiner: {type: concat, num_fc_layers: 2, output_size: 64}',
  'trainer: {epochs: 40, batch_size: 32, learning_rate: 0.003, early_stop: -1}',
].join('\n');

describe('a text input with a frozen pretrained encoder (bert) from a local models folder, through the CLI and serving', () => {
  const dir = tempDir();
  const modelsDir = path.join(dir, 'models');
  let dataset: string;
  let model: string;
  let engine: ServingEngine;

  beforeAll(async () => {
    await writeTinyTextEncoder(path.join(modelsDir, 'org', 'tiny-bert'), { words: [...POSITIVE, ...NEGATIVE, ...NEUTRAL], hidden: 32, seed: 3 });
    dataset = writeFile(dir, 'reviews.csv', reviewsCsv(300));
    const config = writeFile(dir, 'config.yaml', configYaml('{type: bert, pretrained_model_name_or_path: org/tiny-bert, reduce_output: mean}'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out'), '--models-dir', modelsDir]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(dir, 'out', 'model');
    // The bundle carries its own copy of the encoder: prediction works without the models folder.
    await fs.rename(modelsDir, `${modelsDir}-moved`);
    engine = new ServingEngine();
    await engine.load('bert', model);
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
  });

  it("copies the encoder's ONNX export, tokenizer and config into the bundle and records how it embedded", () => {
    for (const file of ['onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json']) {
      expect(existsSync(path.join(model, 'pretrained', 'org', 'tiny-bert', file)), file).toBe(true);
    }
    const metadata = JSON.parse(readFileSync(path.join(model, 'training_set_metadata.json'), 'utf8'));
    expect(metadata.review.pretrained).toMatchObject({ encoder: 'bert', model: 'org/tiny-bert', hidden_size: 32, reduce_output: 'mean' });
    expect(metadata.review.preprocessing.pretrained_model_name_or_path).toBe('org/tiny-bert');
  });

  it('predicts on the ONNX path (tokenizer + encoder + head on onnxruntime) as the trainer does, within 1e-4, and learned the words', async () => {
    const rows = writeFile(dir, 'rows.csv', 'review\nthe movie was great\nterrible plot and sad ending\nzzz unseen words\n\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    expect(a).toHaveLength(3);
    a.forEach((row, i) => {
      for (const [key, value] of Object.entries(row)) {
        if (typeof value === 'number') expect(Math.abs(value - (b[i][key] as number)), key).toBeLessThan(1e-4);
        else expect(value, key).toEqual(b[i][key]);
      }
    });
    expect(a.slice(0, 2).map((r) => r.label_predictions)).toEqual(['yes', 'no']);
    const served = predictionResponse(await engine.predict('bert', [{ review: 'the movie was great' }, { review: 'terrible plot and sad ending' }, { review: null }]));
    const predictions = served.predictions as ({ label: { prediction: string; probability: number } } | null)[];
    expect(predictions.map((p) => p?.label.prediction)).toEqual(['yes', 'no', expect.any(String)]);
    expect(Math.abs((predictions[0]?.label.probability ?? 0) - (a[0].label_probability as number))).toBeLessThan(1e-4);
  });

  it('refuses at train start, without a stack trace, a models folder without the model and names the folder, files and how to place them', async () => {
    const config = writeFile(dir, 'missing.yaml', configYaml('{type: bert}'));
    const run = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out-missing'), '--models-dir', path.join(dir, 'empty')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the pretrained model 'bert-base-uncased' is not under the models root: ${path.join(dir, 'empty', 'bert-base-uncased')} does not exist`);
    expect(run.stderr).toContain('optimum-cli export onnx --model bert-base-uncased');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toMatch(/read \d+ rows/);
  });

  it('refuses a name escaping the models root and trainable: true as not supported yet', async () => {
    const escaping = await runCli(['train', '--config', writeFile(dir, 'escape.yaml', configYaml('{type: auto_transformer, pretrained_model_name_or_path: ../secrets}')), '--dataset', dataset, '--output-directory', path.join(dir, 'o2'), '--models-dir', `${modelsDir}-moved`]);
    expect(escaping.code).toBe(1);
    expect(escaping.stderr).toMatch(/pretrained_model_name_or_path '..\/secrets' must name a folder inside the models root/);
    const trainable = await runCli(['train', '--config', writeFile(dir, 'trainable.yaml', configYaml('{type: distilbert, trainable: true}')), '--dataset', dataset, '--output-directory', path.join(dir, 'o3')]);
    expect(trainable.code).toBe(1);
    expect(trainable.stderr).toMatch(/trainable: true \(fine-tuning the pretrained transformer\) is a Ludwig distilbert option that Overture does not support yet/);
  });
});
