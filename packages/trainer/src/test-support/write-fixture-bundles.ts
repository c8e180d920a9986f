/**
 * Writes the model bundles serving's tests read (packages/serving/src/test/fixtures/): a
 * multi-task model over the toy table (number, category, date, set inputs; binary, category,
 * number and set outputs, one depending on another), trained briefly with two seeds so a hot
 * swap is visible in the predictions. Serving may not import the trainer, hence committed files.
 * Regenerate: npx tsx packages/trainer/src/test-support/write-fixture-bundles.ts
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import { toyTable } from './toy-table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../../serving/src/test/fixtures');

function withTags(): ReturnType<typeof toyTable> {
  const table = toyTable(300, 5);
  const tags = table.data.color.map((c, i) => [c, i % 3 === 0 ? 'sale' : null, i % 5 === 0 ? 'new' : null].filter(Boolean).join(' '));
  return { ...table, columns: [...table.columns, 'tags'], data: { ...table.data, tags } };
}

const { config } = resolveConfig({
  input_features: [
    { name: 'x1', type: 'number' },
    { name: 'x2', type: 'number' },
    { name: 'color', type: 'category' },
    { name: 'day', type: 'date' },
    { name: 'tags', type: 'set' },
  ],
  output_features: [
    { name: 'kind', type: 'category' },
    { name: 'label', type: 'binary', dependencies: ['kind'] },
    { name: 'amount', type: 'number' },
    { name: 'tags_out', column: 'tags', type: 'set' },
  ],
  combiner: { type: 'concat', num_fc_layers: 1, output_size: 32 },
  trainer: { epochs: 15, batch_size: 32, learning_rate: 0.01 },
});

await initBackend('wasm');
for (const [name, seed] of [['multi-task', 42], ['multi-task-v2', 7]] as const) {
  const directory = path.join(out, name);
  const result = await trainOnTable({ table: withTags(), config, seed, outputDirectory: directory, datasetName: 'toy' });
  result.outcome.model.dispose();
  // Serving reads no weights or statistics: leave them out, which also proves it.
  for (const file of ['weights', 'training_statistics.json', 'training_progress.json']) rmSync(path.join(directory, 'model', file), { recursive: true });
  console.log(`wrote ${path.join(directory, 'model')}`);
}
