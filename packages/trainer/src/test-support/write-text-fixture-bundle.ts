/**
 * Writes the text-model bundle serving's token-explanation tests read
 * (packages/serving/src/test/fixtures/text-spam/): a binary "spam" classifier over one text input,
 * on generated messages where "free" and "prize" mean spam (embed encoder: tf_idf with the same data and
 * trainer stayed near p = 0.54 after 60 epochs). Serving may not import the trainer,
 * hence committed files. Regenerate: npx tsx packages/trainer/src/test-support/write-text-fixture-bundle.ts
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import { columnData } from '../data/table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const directory = path.resolve(here, '../../../serving/src/test/fixtures/text-spam');

const filler = ['meeting', 'tomorrow', 'at', 'noon', 'please', 'call', 'me', 'about', 'the', 'report', 'lunch', 'today', 'see', 'you', 'soon'];
const rows = 400;
const data = columnData();
data.message = [];
data.spam = [];
for (let i = 0; i < rows; i++) {
  const words = Array.from({ length: 4 + (i % 5) }, (_, k) => filler[(i * 7 + k * 3) % filler.length]);
  const spam = i % 2 === 0;
  if (spam) words.splice(i % words.length, 0, i % 4 === 0 ? 'prize' : 'free');
  data.message.push(`${words.join(' ')}${i % 3 === 0 ? '!' : '.'}`);
  data.spam.push(spam ? 'yes' : 'no');
}

const { config } = resolveConfig({
  input_features: [{ name: 'message', type: 'text', encoder: { type: 'embed', embedding_size: 16 } }],
  output_features: [{ name: 'spam', type: 'binary' }],
  trainer: { epochs: 20, batch_size: 16, learning_rate: 0.01 },
});

await initBackend('wasm');
const result = await trainOnTable({ table: { columns: ['message', 'spam'], rowCount: rows, data }, config, seed: 42, outputDirectory: directory, datasetName: 'spam' });
result.outcome.model.dispose();
for (const file of ['weights', 'training_statistics.json', 'training_progress.json']) rmSync(path.join(directory, 'model', file), { recursive: true, force: true });
console.log(`wrote ${path.join(directory, 'model')}`);
