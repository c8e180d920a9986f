/**
 * Writes the anomaly bundle serving's tests read (packages/serving/src/test/fixtures/sensor-anomaly/):
 * Ludwig's examples/anomaly_detection Deep SVDD config on its sensor data (sensor-anomaly-table.ts),
 * trained on unlabeled normal rows; validation and test rows hold 10% anomalies, 5 away from the
 * normal cloud. Serving may not import the trainer, hence committed files.
 * Regenerate: npx tsx packages/trainer/src/test-support/write-anomaly-fixture-bundle.ts
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import { sensorAnomalyTable, sensorColumns } from './sensor-anomaly-table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const directory = path.resolve(here, '../../../serving/src/test/fixtures/sensor-anomaly');

const table = sensorAnomalyTable(21, { rows: [400, 150, 150], unlabeledTraining: true });

const { config } = resolveConfig({
  input_features: sensorColumns.map((name) => ({ name, type: 'number', preprocessing: { normalization: 'zscore' } })),
  output_features: [{ name: 'anomaly', type: 'anomaly', loss: { type: 'deep_svdd', nu: 0.1 } }],
  combiner: { type: 'concat', fc_layers: [{ output_size: 64 }, { output_size: 32 }] },
  trainer: { epochs: 20, learning_rate: 0.001, batch_size: 64 },
  preprocessing: { split: { type: 'fixed', column: 'split' } },
});

await initBackend('wasm');
const result = await trainOnTable({ table, config, seed: 42, outputDirectory: directory, datasetName: 'sensors' });
result.outcome.model.dispose();
for (const file of ['weights', 'training_statistics.json', 'training_progress.json']) rmSync(path.join(directory, 'model', file), { recursive: true, force: true });
console.log(`wrote ${path.join(directory, 'model')}`);
