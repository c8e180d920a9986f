import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../../backend/init-backend.js';
import { preprocessForTraining, type NumberMetadata } from '../../preprocessing/index.js';
import { ParameterStore } from '../../model/parameters.js';
import { SeededRandom } from '../../util/random.js';
import { pleBinEdges, pleConstants, pleEncoder } from './ple.js';

const table = (values: number[]) => ({
  columns: ['x', 'y'],
  rowCount: values.length,
  data: { x: values.map(String), y: values.map((v) => (v > 4 ? 'a' : 'b')) },
});

describe('ple encoder', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('stores distinct training quantiles as bin edges in the number metadata', () => {
    const { config } = resolveConfig({
      input_features: [{ name: 'x', type: 'number', preprocessing: { normalization: null } }],
      output_features: [{ name: 'y', type: 'category' }],
      preprocessing: { split: { type: 'random', probabilities: [1, 0, 0] } },
    });
    const { metadata } = preprocessForTraining(table([1, 2, 2, 2, 3, 4, 5, 6, 7, 9]), config, { seed: 1 });
    const q = (metadata.x as NumberMetadata).quantiles!;
    expect(q[0]).toBe(1);
    expect(q[q.length - 1]).toBe(9);
    expect([...q].sort((a, b) => a - b)).toEqual(q);
    expect(new Set(q).size).toBe(q.length);
    // Fewer bins take evenly spaced stored quantiles, keeping both ends (normalization null: raw scale).
    const edges = pleBinEdges(metadata.x, 4);
    expect(edges[0]).toBe(1);
    expect(edges[edges.length - 1]).toBe(9);
    expect(edges.length).toBeLessThanOrEqual(5);
    expect(edges.every((e) => q.includes(e))).toBe(true);
  });

  it('encodes a value as 1 for bins below it, its position inside its bin, 0 above, extrapolating at the ends', () => {
    const c = pleConstants([0, 1, 3, 4]);
    expect(c.bins).toBe(3);
    const params = new ParameterStore();
    const encoder = pleEncoder({
      name: 'e',
      config: { type: 'ple', num_bins: 3, output_size: 3, activation: null as never, dropout: 0, use_bias: false, weights_initializer: 'xavier_uniform', bias_initializer: 'zeros' },
      input: { width: 1, vocabSize: 0, metadata: { type: 'number', quantiles: [0, 1, 3, 4], preprocessing: { normalization: null }, mean: 0, std: 1, min: 0, max: 4, median: 0, q1: 0, q3: 0 } as never },
      params,
      rng: new SeededRandom(1),
    });
    // An identity kernel exposes the encoding itself.
    params.get('e.fc_0.kernel').assign(tf.eye(3));
    const out = tf.tidy(() => encoder.forward(tf.tensor2d([[-1], [0.5], [2], [3.5], [6]]), { training: false, rng: new SeededRandom(0) }).arraySync());
    expect(out).toEqual([
      [-1, 0, 0],
      [0.5, 0, 0],
      [1, 0.5, 0],
      [1, 1, 0.5],
      [1, 1, 3],
    ]);
    params.dispose();
  });
});
