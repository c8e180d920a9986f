import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import type { RawTable } from '../data/index.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { splitRows } from '../training/batches.js';
import { trainModel } from '../training/train.js';
import { EcdModel } from '../model/ecd.js';
import { SeededRandom } from '../util/random.js';
import { featureImportance } from '../api/feature-importance.js';
import { tabnetAttentionImportance } from './attention-importance.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The label is the sign of `signal`; `noise_a` and `noise_b` carry nothing. */
function signalTable(rows: number): RawTable {
  const rng = new SeededRandom(3);
  const data: Record<string, string[]> = { signal: [], noise_a: [], noise_b: [], label: [] };
  for (let i = 0; i < rows; i++) {
    const s = rng.nextGaussian();
    data.signal.push(s.toFixed(4));
    data.noise_a.push(rng.nextGaussian().toFixed(4));
    data.noise_b.push(rng.nextGaussian().toFixed(4));
    data.label.push(s > 0 ? 'yes' : 'no');
  }
  return { columns: Object.keys(data), rowCount: rows, data };
}

const inputs = [{ name: 'signal', type: 'number' }, { name: 'noise_a', type: 'number' }, { name: 'noise_b', type: 'number' }];

describe('tabnet attention importance', () => {
  it('puts most of the attention of a trained model on the one informative feature; the shares sum to 1', async () => {
    const config = resolveConfig({
      input_features: inputs,
      output_features: [{ name: 'label', type: 'binary' }],
      combiner: { type: 'tabnet', size: 8, output_size: 8, num_steps: 2, num_total_blocks: 2, num_shared_blocks: 1, dropout: 0, sparsity: 0.01 },
      trainer: { epochs: 10, batch_size: 64, learning_rate: 0.02, early_stop: -1 },
    }).config;
    const { dataset, metadata } = preprocessForTraining(signalTable(500), config, { seed: 5 });
    const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      const importance = tabnetAttentionImportance(outcome.model, dataset, splitRows(dataset, 2), 64);
      expect(importance.map((i) => i.feature).sort()).toEqual(['noise_a', 'noise_b', 'signal']);
      expect(importance.reduce((s, i) => s + i.importance, 0)).toBeCloseTo(1, 4);
      expect(importance[0].feature).toBe('signal');
      expect(importance[0].importance).toBeGreaterThan(0.5);
      // feature_importance.json carries it beside the permutation importance.
      const report = await featureImportance(outcome.model, outcome.config, dataset, metadata, splitRows(dataset, 2), 1);
      expect(report.attention?.map((a) => a.feature)).toEqual(importance.map((i) => i.feature));
      for (const [i, a] of (report.attention ?? []).entries()) expect(a.importance).toBeCloseTo(importance[i].importance, 5);
    } finally {
      outcome.model.dispose();
    }
  }, 30_000);

  it('is refused for a model without the tabnet combiner', () => {
    const config = resolveConfig({ input_features: inputs, output_features: [{ name: 'label', type: 'binary' }] }).config;
    const { dataset, metadata } = preprocessForTraining(signalTable(20), config, { seed: 5 });
    const model = new EcdModel(config, metadata, 1);
    try {
      expect(() => tabnetAttentionImportance(model, dataset, splitRows(dataset, 0))).toThrow("attention importance needs the tabnet combiner; this model's is concat");
    } finally {
      model.dispose();
    }
  });
});
