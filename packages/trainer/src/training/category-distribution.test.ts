import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { softTargetTable } from '../test-support/soft-target-table.js';
import { splitRows } from './batches.js';
import { evaluateSplit } from './evaluate-split.js';
import { trainModel } from './train.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const vocab = ['rain', 'sun', 'snow'];

const softTable = (rows: number, seed: number) => softTargetTable(rows, seed, 'mix');

describe('a category_distribution output', () => {
  it('learns soft targets: held-out cross entropy well below the mean-distribution baseline, argmax accuracy above the majority class', async () => {
    const config = resolveConfig({
      input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }],
      output_features: [{ name: 'mix', type: 'category_distribution', preprocessing: { vocab } }],
      combiner: { type: 'concat', num_fc_layers: 1, output_size: 16 },
      trainer: { epochs: 15, batch_size: 32, learning_rate: 0.01, early_stop: -1 },
    }).config;
    const { dataset, metadata } = preprocessForTraining(softTable(600, 3), config, { seed: 5 });
    const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      const test = splitRows(dataset, 2);
      const train = splitRows(dataset, 0);
      const k = vocab.length;
      const target = dataset.features.mix.values as Float32Array;
      // Baselines from the training rows: predict their mean distribution for every row; the most frequent argmax.
      const mean = new Float64Array(k);
      const argmaxCounts = new Float64Array(k);
      const argmaxOf = (r: number) => [0, 1, 2].reduce((best, c) => (target[r * k + c] > target[r * k + best] ? c : best), 0);
      for (const r of train) {
        for (let c = 0; c < k; c++) mean[c] += target[r * k + c] / train.length;
        argmaxCounts[argmaxOf(r)]++;
      }
      let baselineLoss = 0;
      const majority = argmaxCounts.indexOf(Math.max(...argmaxCounts));
      let majorityHits = 0;
      for (const r of test) {
        for (let c = 0; c < k; c++) baselineLoss -= (target[r * k + c] * Math.log(mean[c])) / test.length;
        if (argmaxOf(r) === majority) majorityHits++;
      }
      const metrics = evaluateSplit(outcome.model, dataset, metadata, test, 256).mix;
      expect(Object.keys(metrics).sort()).toEqual(['accuracy', 'accuracy_micro', 'hits_at_k', 'loss', 'roc_auc', 'softmax_cross_entropy']);
      expect(metrics.softmax_cross_entropy).toBeLessThan(baselineLoss * 0.75);
      expect(metrics.accuracy).toBeGreaterThan(majorityHits / test.length + 0.3);
      expect(metrics.accuracy).toBeGreaterThan(0.8);
      expect(metrics.roc_auc).toBeGreaterThan(0.9);
    } finally {
      outcome.model.dispose();
    }
  });
});
