import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { toyTable } from '../test-support/toy-table.js';
import { splitRows } from '../training/batches.js';
import { evaluateSplit } from '../training/evaluate-split.js';
import { trainModel } from '../training/train.js';
import { ParameterStore } from '../model/parameters.js';
import { SeededRandom } from '../util/random.js';
import { combiners } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

async function trainWith(combiner: Record<string, unknown>) {
  const config = resolveConfig({
    input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } }],
    output_features: [{ name: 'label', type: 'binary' }, { name: 'kind', type: 'category' }],
    combiner,
    trainer: { epochs: 12, batch_size: 32, learning_rate: 0.005, early_stop: -1 },
  }).config;
  const { dataset, metadata } = preprocessForTraining(toyTable(500), config, { seed: 5 });
  const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
  try {
    return evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256);
  } finally {
    outcome.model.dispose();
  }
}

// The labels are a noisy rule of x1, x2 and the colour: an untrained model scores 0.5 on label
// and ~0.33–0.45 on kind; concat reaches ~0.9 and ~0.8.
const small = { hidden_size: 16, num_heads: 2, transformer_output_size: 32, num_layers: 2, num_fc_layers: 1, output_size: 16, dropout: 0 };

describe('the transformer combiners train on tabular inputs', () => {
  it.each([
    ['transformer', { reduce_output: 'mean' }],
    ['transformer', { reduce_output: 'concat', fc_residual: true }],
    ['ft_transformer', {}],
  ])('%s %o: label accuracy > 0.85 and kind accuracy > 0.7 on the test split', async (type, extra) => {
    const tensors = tf.memory().numTensors;
    const metrics = await trainWith({ type, ...small, ...extra });
    expect(metrics.label.accuracy).toBeGreaterThan(0.85);
    expect(metrics.kind.accuracy).toBeGreaterThan(0.7);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.getBackend()).toBe('wasm');
  }, 60_000);
});

describe('feature tokens', () => {
  it('give each stacked passthrough column its own token, as Ludwig gives each number feature', () => {
    const params = new ParameterStore();
    const config = resolveConfig({
      input_features: [{ name: 'a', type: 'number' }], output_features: [{ name: 'y', type: 'binary' }],
      combiner: { type: 'transformer', hidden_size: 4, num_heads: 2, reduce_output: 'concat' },
    }).config.combiner as Parameters<typeof combiners.transformer>[0]['config'];
    const inputFeatures = [[{ name: 'a', type: 'number' as const }, { name: 'b', type: 'binary' as const }, { name: 'c', type: 'number' as const }], [{ name: 'd', type: 'category' as const }]];
    const combiner = combiners.transformer({ config, inputSizes: [3, 5], inputFeatures, params, rng: new SeededRandom(1) });
    // Four tokens of 4 side by side; one projection row per stacked column.
    expect(combiner.outputSize).toBe(16);
    expect(params.get('combiner.projector_0.kernel').shape).toEqual([3, 4]);
    expect(params.get('combiner.projector_1.kernel').shape).toEqual([5, 4]);
    const out = tf.tidy(() => combiner.forward([tf.ones([2, 3]), tf.ones([2, 5])], { training: false, rng: new SeededRandom(1) }).shape);
    expect(out).toEqual([2, 16]);
    params.dispose();
  });
});
