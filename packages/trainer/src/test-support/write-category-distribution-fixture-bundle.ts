/**
 * Writes the category_distribution bundle serving's tests read
 * (packages/serving/src/test/fixtures/weather-mix/): soft targets over rain/sun/snow from two
 * numbers (softmax(2·[x1, x2, −x1 − x2])), so a row with large x1 answers "rain" and one with
 * large x2 "sun". Serving may not import the trainer, hence committed files.
 * Regenerate: npx tsx packages/trainer/src/test-support/write-category-distribution-fixture-bundle.ts
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import { softTargetTable } from './soft-target-table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const directory = path.resolve(here, '../../../serving/src/test/fixtures/weather-mix');

const table = softTargetTable(500, 3, 'weather');

const { config } = resolveConfig({
  input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }],
  output_features: [{ name: 'weather', type: 'category_distribution', preprocessing: { vocab: ['rain', 'sun', 'snow'] } }],
  combiner: { type: 'concat', num_fc_layers: 1, output_size: 16 },
  trainer: { epochs: 15, batch_size: 32, learning_rate: 0.01 },
});

await initBackend('wasm');
const result = await trainOnTable({ table, config, seed: 42, outputDirectory: directory, datasetName: 'weather' });
result.outcome.model.dispose();
for (const file of ['weights', 'training_statistics.json', 'training_progress.json']) rmSync(path.join(directory, 'model', file), { recursive: true, force: true });
console.log(`wrote ${path.join(directory, 'model')}`);
