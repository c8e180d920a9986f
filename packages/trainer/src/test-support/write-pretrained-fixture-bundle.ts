/**
 * Writes the bundle with a frozen pretrained text encoder that the web's tests deploy and import
 * (packages/serving/src/test/fixtures/pretrained-reviews/): a binary sentiment classifier over one
 * text input read by `bert` from the tiny test export (writeTinyTextEncoder, hidden size 16), so the
 * bundle carries its copy of the export in model/pretrained/tiny-bert/. The web may not import the
 * trainer, hence committed files (a few KB). Regenerate:
 * npx tsx packages/trainer/src/test-support/write-pretrained-fixture-bundle.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '@overture/config';
import { trainOnTable } from '../api/experiment.js';
import { initBackend } from '../backend/init-backend.js';
import { columnData } from '../data/table.js';
import { writeTinyTextEncoder } from '../preprocessing/pretrained/tiny-encoder.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const directory = path.resolve(here, '../../../serving/src/test/fixtures/pretrained-reviews');

export const POSITIVE = ['great', 'love', 'excellent', 'happy'];
export const NEGATIVE = ['awful', 'hate', 'terrible', 'sad'];
const NEUTRAL = ['the', 'movie', 'was', 'a', 'film', 'plot'];

const rows = 120;
const data = columnData();
data.review = [];
data.label = [];
for (let i = 0; i < rows; i++) {
  const positive = i % 2 === 0;
  data.review.push([NEUTRAL[i % NEUTRAL.length], (positive ? POSITIVE : NEGATIVE)[(i >> 1) % 4], NEUTRAL[(i * 7) % NEUTRAL.length]].join(' '));
  data.label.push(positive ? 'yes' : 'no');
}

const modelsDir = mkdtempSync(path.join(tmpdir(), 'overture-fixture-models-'));
try {
  await writeTinyTextEncoder(path.join(modelsDir, 'tiny-bert'), { words: [...POSITIVE, ...NEGATIVE, ...NEUTRAL], hidden: 16, seed: 3 });
  await initBackend('wasm');
  const { config } = resolveConfig({
    input_features: [{ name: 'review', type: 'text', encoder: { type: 'bert', pretrained_model_name_or_path: 'tiny-bert', reduce_output: 'mean' } }],
    output_features: [{ name: 'label', type: 'binary' }],
    trainer: { epochs: 3, batch_size: 32, early_stop: -1 },
  });
  rmSync(directory, { recursive: true, force: true });
  const result = await trainOnTable({
    table: { columns: ['review', 'label'], rowCount: rows, data }, config, seed: 1, outputDirectory: directory, modelsDir,
    featureImportance: false, checkpointDir: null, log: () => undefined,
  });
  result.outcome.model.dispose();
  console.log(`wrote ${result.modelDirectory}`);
} finally {
  rmSync(modelsDir, { recursive: true, force: true });
}
