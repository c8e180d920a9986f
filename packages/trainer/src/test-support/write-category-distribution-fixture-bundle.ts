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
import { columnData } from '../data/table.js';
import { SeededRandom } from '../util/random.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const directory = path.resolve(here, '../../../serving/src/test/fixtures/weather-mix');

const rows = 500;
const rng = new SeededRandom(3);
const data = columnData();
data.x1 = [];
data.x2 = [];
data.weather = [];
for (let i = 0; i < rows; i++) {
  const a = rng.nextGaussian();
  const b = rng.nextGaussian();
  const z = [2 * a, 2 * b, -2 * (a + b)];
  const e = z.map((v) => Math.exp(v - Math.max(...z)));
  const sum = e.reduce((s, v) => s + v, 0);
  data.x1.push(a.toFixed(4));
  data.x2.push(b.toFixed(4));
  data.weather.push(e.map((v) => (v / sum).toFixed(6)).join(' '));
}

const { config } = resolveConfig({
  input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }],
  output_features: [{ name: 'weather', type: 'category_distribution', preprocessing: { vocab: ['rain', 'sun', 'snow'] } }],
  combiner: { type: 'concat', num_fc_layers: 1, output_size: 16 },
  trainer: { epochs: 15, batch_size: 32, learning_rate: 0.01 },
});

await initBackend('wasm');
const result = await trainOnTable({ table: { columns: ['x1', 'x2', 'weather'], rowCount: rows, data }, config, seed: 42, outputDirectory: directory, datasetName: 'weather' });
result.outcome.model.dispose();
for (const file of ['weights', 'training_statistics.json', 'training_progress.json']) rmSync(path.join(directory, 'model', file), { recursive: true, force: true });
console.log(`wrote ${path.join(directory, 'model')}`);
