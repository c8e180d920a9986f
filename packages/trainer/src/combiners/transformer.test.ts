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

const passthroughNumbers = [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }];
// TabTransformer layer-normalizes the concatenated number outputs: two raw values would normalize
// to ±1 (their order only), so its numbers get dense encoders, as a TabTransformer user would.
const encodedNumbers = [{ name: 'x1', type: 'number', encoder: { type: 'dense', output_size: 8 } }, { name: 'x2', type: 'number', encoder: { type: 'dense', output_size: 8 } }];

async function trainWith(combiner: Record<string, unknown>, numbers = passthroughNumbers) {
  const config = resolveConfig({
    input_features: [...numbers, { name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } }],
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
    ['tabtransformer', { embed_input_feature_name: 'add' }],
  ])('%s %o: label accuracy > 0.85 and kind accuracy > 0.7 on the test split', async (type, extra) => {
    const tensors = tf.memory().numTensors;
    const metrics = await trainWith({ type, ...small, ...extra }, type === 'tabtransformer' ? encodedNumbers : passthroughNumbers);
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

  it('tabtransformer: numbers and binaries skip attention through one layer norm (none for a single value); the rest become tokens', () => {
    const params = new ParameterStore();
    const config = resolveConfig({
      input_features: [{ name: 'a', type: 'number' }], output_features: [{ name: 'y', type: 'binary' }],
      combiner: { type: 'tabtransformer', hidden_size: 6, num_heads: 2, embed_input_feature_name: 2 },
    }).config.combiner as Parameters<typeof combiners.tabtransformer>[0]['config'];
    const stacked = [{ name: 'a', type: 'number' as const }, { name: 'b', type: 'binary' as const }];
    const combiner = combiners.tabtransformer({
      config, inputSizes: [2, 4, 3, 5], params, rng: new SeededRandom(1),
      inputFeatures: [stacked, [{ name: 'c', type: 'category' }], [{ name: 'n', type: 'number' }], [{ name: 's', type: 'set' }]],
    });
    // Two tokens (c, s) of 6 side by side (concat), then the 2 + 3 skipped values.
    expect(combiner.outputSize).toBe(2 * 6 + 5);
    expect(params.get('combiner.layer_norm.gamma').shape).toEqual([5]);
    expect(params.get('combiner.projector_0.kernel').shape).toEqual([4, 4]);
    expect(params.get('combiner.projector_1.kernel').shape).toEqual([5, 4]);
    expect(params.get('combiner.feature_name_embeddings').shape).toEqual([2, 2]);
    params.dispose();
    const single = new ParameterStore();
    combiners.tabtransformer({ config, inputSizes: [1, 4], params: single, rng: new SeededRandom(1), inputFeatures: [[{ name: 'a', type: 'number' }], [{ name: 'c', type: 'category' }]] });
    expect(single.names().some((n) => n.startsWith('combiner.layer_norm'))).toBe(false);
    single.dispose();
  });
});
