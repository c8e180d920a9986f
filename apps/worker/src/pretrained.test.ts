import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '@overture/config';
import { listRunArtifacts } from '@overture/db';
import { enqueue } from '@overture/jobs';
import { writeTinyTextEncoder } from '@overture/trainer';
import { seedDataset, seedRun, waitFor } from '@overture/testing';
import { createPlatform, type Platform } from './test/platform.js';

const POSITIVE = ['great', 'love', 'excellent', 'happy'];
const NEGATIVE = ['awful', 'hate', 'terrible', 'sad'];
const NEUTRAL = ['the', 'movie', 'was', 'a', 'film', 'plot', 'story', 'music'];

function reviewsCsv(rows: number): string {
  let seed = 5;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (xs: string[]) => xs[Math.floor(next() * xs.length)];
  const lines = ['review,label'];
  for (let i = 0; i < rows; i++) {
    const positive = i % 2 === 0;
    const words = Array.from({ length: 3 + Math.floor(next() * 3) }, () => pick(NEUTRAL));
    words.splice(Math.floor(next() * words.length), 0, pick(positive ? POSITIVE : NEGATIVE));
    lines.push(`${words.join(' ')},${positive ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

const bertConfig = (model: string) => resolveConfig({
  input_features: [{ name: 'review', type: 'text', encoder: { type: 'bert', pretrained_model_name_or_path: model, reduce_output: 'mean' } }],
  output_features: [{ name: 'label', type: 'binary' }],
  combiner: { type: 'concat', num_fc_layers: 1, output_size: 32 },
  trainer: { epochs: 15, batch_size: 32, learning_rate: 0.005, early_stop: -1 },
}).config;

describe('a run with a pretrained text encoder from the platform models root (DATA_DIR/models by default)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await createPlatform('pretrained');
    await writeTinyTextEncoder(path.join(platform.dataDir, 'models', 'org', 'tiny-bert'), { words: [...POSITIVE, ...NEGATIVE, ...NEUTRAL], hidden: 16, seed: 3 });
    await platform.startWorker();
  });
  afterAll(async () => { await platform?.close(); });

  it('trains, copies the encoder into the bundle, then evaluates and predicts with it', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, reviewsCsv(200), 'reviews');
    const run = await seedRun(db, dataset, bertConfig('org/tiny-bert'));
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    const done = await platform.waitForRun(run.id, (r) => ['completed', 'failed'].includes(r.status), 120_000);
    expect(done.status, done.error ?? '').toBe('completed');
    const bundle = path.join(platform.dataDir, 'runs', run.id, 'output', 'model');
    // The bundle keeps its own copy: serving and later predictions need no models root.
    expect(existsSync(path.join(bundle, 'pretrained', 'org', 'tiny-bert', 'onnx', 'model.onnx'))).toBe(true);
    expect(existsSync(path.join(bundle, 'pretrained', 'org', 'tiny-bert', 'tokenizer.json'))).toBe(true);

    const evaluation = await platform.queues.training.add('training.evaluate', { runId: run.id, datasetId: dataset.id, split: 'full' });
    const prediction = await platform.queues.predictions.add('prediction.batch', { runId: run.id, datasetId: dataset.id });
    await waitFor('both jobs', async () => {
      const states = [await evaluation.getState(), await prediction.getState()];
      if (states.includes('failed')) throw new Error(`a job failed: ${states.join(', ')}`);
      return states.every((s) => s === 'completed');
    }, 60_000);
    const artifacts = await listRunArtifacts(db, run.id);
    const evaluated = artifacts.find((a) => a.kind === 'evaluation')!;
    // The words decide the label: a frozen encoder's mean state separates them (chance is 0.5; this short training reaches ~0.73).
    expect(JSON.parse(readFileSync(path.join(platform.dataDir, evaluated.path), 'utf8')).label.accuracy).toBeGreaterThan(0.65);
    const predictions = artifacts.find((a) => a.kind === 'predictions' && a.metadata.format === 'jsonl')!;
    expect(readFileSync(path.join(platform.dataDir, predictions.path), 'utf8').trim().split('\n')).toHaveLength(200);
  });

  it('fails a run whose model is not under the models root, naming the model and the folder', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, reviewsCsv(40), 'reviews-missing');
    const run = await seedRun(db, dataset, bertConfig('bert-base-uncased'));
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    const done = await platform.waitForRun(run.id, (r) => ['completed', 'failed'].includes(r.status), 60_000);
    expect(done.status).toBe('failed');
    expect(done.error).toContain("the pretrained model 'bert-base-uncased' is not under the models root");
    expect(done.error).toContain(path.join(platform.dataDir, 'models', 'bert-base-uncased'));
  });
});
