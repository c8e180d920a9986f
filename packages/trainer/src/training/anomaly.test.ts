import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { sensorAnomalyTable, sensorColumns } from '../test-support/sensor-anomaly-table.js';
import { predictRows } from '../evaluation/predict.js';
import { computeEpochMetrics } from '../metrics/index.js';
import { SeededRandom } from '../util/random.js';
import { splitRows } from './batches.js';
import { evaluateSplit } from './evaluate-split.js';
import { trainModel } from './train.js';
import { centerParameter } from './anomaly.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Ludwig's examples/anomaly_detection configs, with the loss given. */
const sensorConfig = (loss: Record<string, unknown>, epochs = 20) => resolveConfig({
  input_features: sensorColumns.map((name) => ({ name, type: 'number', preprocessing: { normalization: 'zscore' } })),
  output_features: [{ name: 'anomaly', type: 'anomaly', loss }],
  combiner: { type: 'concat', fc_layers: [{ output_size: 64 }, { output_size: 32 }] },
  trainer: { epochs, learning_rate: 0.001, batch_size: 64 },
  preprocessing: { split: { type: 'fixed', column: 'split' } },
}).config;

describe('an anomaly output trained on normal rows only', () => {
  it.each([['deep_svdd', { type: 'deep_svdd', nu: 0.1 }], ['drocc', { type: 'drocc', perturbation_strength: 0.1 }]])(
    '%s ranks held-out anomalies above normal rows (anomaly_auroc > 0.9), a shuffled control is near 0.5, threshold auto flags 5 percent of the validation rows',
    async (_name, loss) => {
      const config = sensorConfig(loss);
      const table = sensorAnomalyTable(11, { rows: [600, 200, 300], unlabeledTraining: true });
      const { dataset, metadata } = preprocessForTraining(table, config, { seed: 3 });
      const logs: string[] = [];
      const outcome = await trainModel({ config, dataset, metadata, seed: 7, log: (m) => logs.push(m) });
      try {
        expect(logs.some((l) => l.includes('hypersphere centre set to the mean decoder output over 600 training rows'))).toBe(true);
        const center = outcome.model.params.get(centerParameter({ name: 'anomaly' })).dataSync();
        expect(center.some((c) => c !== 0)).toBe(true);
        const test = splitRows(dataset, 2);
        const metrics = evaluateSplit(outcome.model, dataset, metadata, test, 256).anomaly;
        expect(Object.keys(metrics).sort()).toEqual(['anomaly_auroc', 'f1_max', 'loss']);
        expect(metrics.anomaly_auroc).toBeGreaterThan(0.9);
        expect(metrics.f1_max).toBeGreaterThan(0.6);
        // Control: the same scores against the test labels shuffled.
        const scores = predictRows(outcome.model, dataset, test, 256).outputs.anomaly.values;
        const labels = Float32Array.from(test, (r) => dataset.features.anomaly.values[r]);
        const perm = new SeededRandom(5).permutation(labels.length);
        const shuffled = Float32Array.from(perm, (i) => labels[i]);
        const control = computeEpochMetrics('anomaly', { scores, targets: shuffled }, {});
        expect(Math.abs(control.anomaly_auroc - 0.5)).toBeLessThan(0.12);
        // threshold: auto is the 95th percentile of the validation scores.
        const meta = metadata.anomaly;
        expect(meta.type === 'anomaly' && meta.threshold).toBeGreaterThan(0);
        const validation = predictRows(outcome.model, dataset, splitRows(dataset, 1), 256).outputs.anomaly.values;
        const flagged = validation.filter((s) => meta.type === 'anomaly' && s >= (meta.threshold as number)).length;
        expect(flagged).toBeGreaterThanOrEqual(9);
        expect(flagged).toBeLessThanOrEqual(11);
      } finally {
        outcome.model.dispose();
      }
    },
  );

  it('deep_sad uses labeled training anomalies: held-out anomaly_auroc above 0.9', async () => {
    const config = sensorConfig({ type: 'deep_sad', eta: 1 });
    const { dataset, metadata } = preprocessForTraining(sensorAnomalyTable(12, { rows: [600, 200, 300], trainingAnomalies: 30 }), config, { seed: 3 });
    const outcome = await trainModel({ config, dataset, metadata, seed: 7 });
    try {
      const metrics = evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).anomaly;
      expect(metrics.anomaly_auroc).toBeGreaterThan(0.9);
    } finally {
      outcome.model.dispose();
    }
  });

  it('trains without the label column (fully unsupervised, as Ludwig) and then watches the validation loss', async () => {
    const config = sensorConfig({ type: 'deep_svdd' }, 3);
    const table = sensorAnomalyTable(13, { rows: [200, 50, 50] });
    delete table.data.anomaly;
    table.columns = table.columns.filter((c) => c !== 'anomaly');
    const { dataset, metadata } = preprocessForTraining(table, config, { seed: 3 });
    expect(Array.from(dataset.features.anomaly.values).every((v) => v === -1)).toBe(true);
    const logs: string[] = [];
    const outcome = await trainModel({ config, dataset, metadata, seed: 7, log: (m) => logs.push(m) });
    try {
      expect(logs.some((l) => l.includes('are not labeled with both 0 and 1, so anomaly_auroc does not exist there'))).toBe(true);
      expect(outcome.progress.validation_metric).toBe('loss');
    } finally {
      outcome.model.dispose();
    }
  });
});
