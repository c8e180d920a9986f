import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isOvertureError, resolveConfig } from '@overture/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import { trainOnTable } from '../../api/experiment.js';
import type { RawTable } from '../../data/index.js';
import { decodeMediaInputs, preprocessForTraining } from '../../preprocessing/index.js';
import { releasePretrainedEncoders } from '../../preprocessing/pretrained/embed-column.js';
import { writeTinyTextEncoder } from '../../preprocessing/pretrained/tiny-encoder.js';
import { SeededRandom } from '../../util/random.js';

const POSITIVE = ['great', 'love', 'excellent', 'happy', 'wonderful'];
const NEGATIVE = ['awful', 'hate', 'terrible', 'sad', 'broken'];
const NEUTRAL = ['the', 'movie', 'was', 'a', 'film', 'plot', 'actor', 'scene', 'very', 'quite', 'and', 'it', 'story', 'ending', 'music', 'time', 'show', 'day', 'book', 'song'];
const WORDS = [...POSITIVE, ...NEGATIVE, ...NEUTRAL];

let root: string;

beforeAll(async () => {
  await initBackend('wasm');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'overture-models-'));
  await writeTinyTextEncoder(path.join(root, 'tiny-bert'), { words: WORDS, hidden: 32, seed: 3 });
});

afterAll(async () => {
  await releasePretrainedEncoders();
  await fs.rm(root, { recursive: true, force: true });
});

/** Reviews of 3–6 neutral words and one sentiment word; the label follows the sentiment word (or a shuffle of it). */
function reviews(rows: number, seed: number, shuffled = false): RawTable {
  const rng = new SeededRandom(seed);
  const text: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    const positive = rng.next() < 0.5;
    const words = Array.from({ length: 3 + rng.nextInt(4) }, () => NEUTRAL[rng.nextInt(NEUTRAL.length)]);
    const pool = positive ? POSITIVE : NEGATIVE;
    words.splice(rng.nextInt(words.length + 1), 0, pool[rng.nextInt(pool.length)]);
    text.push(words.join(' '));
    label.push(positive ? 'yes' : 'no');
  }
  if (shuffled) {
    for (let i = label.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [label[i], label[j]] = [label[j], label[i]];
    }
  }
  return { columns: ['review', 'label'], rowCount: rows, data: { review: text, label } };
}

const config = (encoder: Record<string, unknown>) => resolveConfig({
  input_features: [{ name: 'review', type: 'text', encoder: { type: 'bert', pretrained_model_name_or_path: 'tiny-bert', ...encoder } }],
  output_features: [{ name: 'label', type: 'binary' }],
  combiner: { type: 'concat', num_fc_layers: 2, output_size: 64 },
  trainer: { epochs: 60, batch_size: 32, learning_rate: 0.003, early_stop: -1 },
}).config;

async function accuracy(table: RawTable, encoder: Record<string, unknown>): Promise<number> {
  const { testStatistics } = await trainOnTable({ table, config: config(encoder), seed: 5, featureImportance: false, modelsDir: root });
  return (testStatistics as { label: { accuracy: number } }).label.accuracy;
}

describe('pretrained text encoders (frozen, from a local ONNX export)', () => {
  it('learns a sentiment label through the frozen encoder (mean of the tokens) well above a shuffled-label control', async () => {
    const learned = await accuracy(reviews(500, 1), { reduce_output: 'mean' });
    const control = await accuracy(reviews(500, 1, true), { reduce_output: 'mean' });
    expect(learned).toBeGreaterThanOrEqual(0.85);
    expect(control).toBeLessThan(0.65);
  }, 120_000);

  it("stores the encoder's embeddings as the column: one hidden_size vector per row, equal rows equal, missing rows the fill's", async () => {
    const table: RawTable = { columns: ['review', 'label'], rowCount: 4, data: { review: ['great movie', 'awful film', 'great movie', null], label: ['pos', 'neg', 'pos', 'neg'] } };
    const c = config({ reduce_output: 'cls_pooled' });
    const images = await decodeMediaInputs(table, c, { root: null, modelsDir: root });
    const { dataset, metadata } = preprocessForTraining(table, c, { seed: 1, images });
    const column = dataset.features.review;
    expect(column).toMatchObject({ dtype: 'float32', width: 32 });
    const row = (i: number) => Array.from(column.values.slice(i * 32, (i + 1) * 32));
    expect(row(0)).toEqual(row(2));
    expect(row(0)).not.toEqual(row(1));
    const meta = metadata.review;
    expect(meta.type === 'text' && meta.pretrained).toMatchObject({ encoder: 'bert', model: 'tiny-bert', hidden_size: 32, reduce_output: 'cls_pooled', skip: { first: 1, last: 1 } });
    expect(row(3)).toEqual(Array.from(Float32Array.from((meta.type === 'text' && meta.pretrained?.fill_embedding) || [])));
  });

  async function problem(run: () => Promise<unknown>): Promise<string> {
    try {
      await run();
    } catch (error) {
      if (isOvertureError(error)) return error.message;
      throw error;
    }
    throw new Error('expected an error');
  }

  const table = reviews(20, 2);
  const decode = (name: string, modelsDir = root) =>
    problem(() => decodeMediaInputs(table, config({ pretrained_model_name_or_path: name }), { root: null, modelsDir }));

  it('says which model, which folder, which files and how to place them when the folder is missing', async () => {
    const message = await decode('bert-base-uncased');
    expect(message).toContain(`the pretrained model 'bert-base-uncased' is not under the models root: ${path.join(root, 'bert-base-uncased')} does not exist`);
    expect(message).toContain('onnx/model.onnx (or model.onnx), tokenizer.json and config.json');
    expect(message).toContain('optimum-cli export onnx --model bert-base-uncased');
    expect(await decode('tiny-bert', path.join(root, 'nowhere'))).toContain(`${path.join(root, 'nowhere', 'tiny-bert')} does not exist`);
  });

  it('names the files a folder lacks', async () => {
    await fs.mkdir(path.join(root, 'org', 'half'), { recursive: true });
    await fs.writeFile(path.join(root, 'org', 'half', 'config.json'), '{"hidden_size": 16}');
    expect(await decode('org/half')).toMatch(new RegExp(`the folder ${path.join(root, 'org', 'half').replace(/[/\\]/g, '.')} of pretrained model 'org/half' lacks onnx/model.onnx \\(or model.onnx\\), tokenizer.json`));
  });

  it("refuses an export whose states are not config.json's hidden size", async () => {
    await writeTinyTextEncoder(path.join(root, 'mixed'), { words: WORDS, hidden: 16, configHiddenSize: 32, flat: true });
    expect(await decode('mixed')).toMatch(/answers last_hidden_state of shape \[\d+, \d+, 16\], but .*config.json says hidden_size 32; the folder mixes two models/);
  });

  it('refuses a model name that leaves the models root', async () => {
    for (const name of ['../tiny-bert', '/etc/passwd', 'org/../../x', 'a\\b']) {
      expect(await decode(name)).toMatch(/must name a folder inside the models root/);
    }
  });
});
