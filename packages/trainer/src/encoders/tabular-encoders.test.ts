import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import type { RawTable } from '../data/index.js';
import { ParameterStore } from '../model/parameters.js';
import { resolved } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { encoderFactory } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const inference = { training: false, rng: new SeededRandom(0) };
const numberMeta = (quantiles: number[]) => ({ type: 'number', quantiles, preprocessing: { normalization: null }, mean: 0, std: 1, min: 0, max: 4, median: 0, q1: 0, q3: 0 }) as never;

function encoderConfig(featureType: 'number' | 'category', encoder: Record<string, unknown>) {
  const { config } = resolveConfig({ input_features: [{ name: 'x', type: featureType, encoder }], output_features: [{ name: 'y', type: 'binary' }] });
  return config.input_features[0].encoder as never;
}

describe("Ludwig 0.17's number encoders bins and periodic", () => {
  it("fill in Ludwig's defaults", () => {
    expect(encoderConfig('number', { type: 'bins' })).toEqual({ type: 'bins', num_bins: 32, output_size: 256 });
    expect(encoderConfig('number', { type: 'periodic' })).toEqual({ type: 'periodic', num_frequencies: 64, output_size: 256, sigma: 1 });
  });

  it('bins: a value takes the embedding of its quantile bin (an edge belongs to the bin below, the ends extend)', () => {
    const params = new ParameterStore();
    try {
      const encoder = encoderFactory('number', 'bins')({
        name: 'e', config: { type: 'bins', num_bins: 3, output_size: 2 } as never,
        input: { width: 1, vocabSize: 0, metadata: numberMeta([0, 1, 3, 4]) }, params, rng: new SeededRandom(1),
      });
      const table = params.get('e.embeddings');
      expect(table.shape).toEqual([3, 2]);
      table.assign(tf.tensor2d([[10, 11], [20, 21], [30, 31]]));
      const out = tf.tidy(() => encoder.forward(tf.tensor2d([[-5], [0.5], [1], [2], [3.5], [9]]), inference).arraySync());
      expect(out).toEqual([[10, 11], [10, 11], [10, 11], [20, 21], [30, 31], [30, 31]]);
    } finally {
      params.dispose();
    }
  });

  it('periodic: sin(2π·x·f + φ) then the linear layer', () => {
    const params = new ParameterStore();
    try {
      const encoder = encoderFactory('number', 'periodic')({
        name: 'e', config: { type: 'periodic', num_frequencies: 2, output_size: 2, sigma: 1 } as never,
        input: { width: 1, vocabSize: 0, metadata: numberMeta([]) }, params, rng: new SeededRandom(1),
      });
      params.get('e.frequencies').assign(tf.tensor2d([[0.25, 1]]));
      params.get('e.phases').assign(tf.tensor2d([[0, Math.PI / 2]]));
      params.get('e.fc_0.kernel').assign(tf.eye(2));
      params.get('e.fc_0.bias').assign(tf.tensor1d([0, 1]));
      const out = tf.tidy(() => encoder.forward(tf.tensor2d([[1], [0.5]]), inference).arraySync());
      // x = 1: sin(π/2) = 1, sin(2π + π/2) + 1 = 2; x = 0.5: sin(π/4), sin(π + π/2) + 1 = 0.
      expect(out[0][0]).toBeCloseTo(1, 5);
      expect(out[0][1]).toBeCloseTo(2, 5);
      expect(out[1][0]).toBeCloseTo(Math.SQRT1_2, 5);
      expect(out[1][1]).toBeCloseTo(0, 5);
    } finally {
      params.dispose();
    }
  });

  it('periodic: the frequencies and phases are trained', () => {
    const params = new ParameterStore();
    try {
      const encoder = encoderFactory('number', 'periodic')({
        name: 'e', config: { type: 'periodic', num_frequencies: 3, output_size: 2, sigma: 0.5 } as never,
        input: { width: 1, vocabSize: 0, metadata: numberMeta([]) }, params, rng: new SeededRandom(1),
      });
      const x = tf.tensor2d([[0.3], [-1.2], [2]]);
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(encoder.forward(x, { training: true, rng: new SeededRandom(0) }))) as tf.Scalar);
      for (const name of ['e.frequencies', 'e.phases']) {
        const g = grads[params.get(name).name].dataSync();
        expect(Math.max(...Array.from(g, Math.abs)), name).toBeGreaterThan(1e-4);
      }
      tf.dispose([x, ...Object.values(grads)]);
    } finally {
      params.dispose();
    }
  });
});

describe("Ludwig 0.17's category encoders hash and target", () => {
  it("fill in Ludwig's defaults", () => {
    expect(encoderConfig('category', { type: 'hash' })).toEqual({ type: 'hash', num_hash_buckets: 1024, embedding_size: 50 });
    expect(encoderConfig('category', { type: 'target' })).toEqual({ type: 'target', output_size: 1 });
  });

  it('hash: the index modulo num_hash_buckets picks the row, so colliding categories share it', () => {
    const params = new ParameterStore();
    try {
      const encoder = encoderFactory('category', 'hash')({
        name: 'e', config: { type: 'hash', num_hash_buckets: 3, embedding_size: 2 } as never,
        input: { width: 1, vocabSize: 7, metadata: {} as never }, params, rng: new SeededRandom(1),
      });
      expect(params.get('e.embeddings').shape).toEqual([3, 2]);
      const out = tf.tidy(() => encoder.forward(tf.tensor2d([[0], [3], [6], [1], [4], [5]], [6, 1], 'int32'), inference).arraySync());
      expect(out[0]).toEqual(out[1]);
      expect(out[0]).toEqual(out[2]);
      expect(out[3]).toEqual(out[4]);
      expect(out[5]).not.toEqual(out[4]);
    } finally {
      params.dispose();
    }
  });

  it('target: one learned vector per category, zero before training', () => {
    const params = new ParameterStore();
    try {
      const encoder = encoderFactory('category', 'target')({
        name: 'e', config: { type: 'target', output_size: 2 } as never,
        input: { width: 1, vocabSize: 5, metadata: {} as never }, params, rng: new SeededRandom(1),
      });
      expect(encoder.outputSize).toBe(2);
      const out = tf.tidy(() => encoder.forward(tf.tensor2d([[1], [4]], [2, 1], 'int32'), inference).arraySync());
      expect(out).toEqual([[0, 0], [0, 0]]);
    } finally {
      params.dispose();
    }
  });

  it('refuse bad values with their path', () => {
    expect(() => encoderConfig('category', { type: 'hash', num_hash_buckets: 0 })).toThrow(/num_hash_buckets/);
    expect(() => encoderConfig('number', { type: 'bins', num_bins: 1 })).toThrow(/num_bins/);
    expect(() => encoderConfig('number', { type: 'periodic', sigma: 0 })).toThrow(/sigma/);
  });
});

/**
 * A number x in [-3, 3] whose label is whether |x| > 1.2 (not monotone: a linear read-out of x
 * stays near chance), and a category of 12 values, 6 of them "yes", noise-free.
 */
function table(rows: number, seed: number): RawTable {
  const rng = new SeededRandom(seed);
  const x: string[] = [];
  const code: string[] = [];
  const near: string[] = [];
  const kind: string[] = [];
  for (let i = 0; i < rows; i++) {
    const v = rng.next() * 6 - 3;
    const c = rng.nextInt(12);
    x.push(v.toFixed(4));
    near.push(Math.abs(v) > 1.2 ? 'yes' : 'no');
    code.push(`c${c}`);
    kind.push(c % 2 === 0 ? 'yes' : 'no');
  }
  return { columns: ['x', 'code', 'near', 'kind'], rowCount: rows, data: { x, code, near, kind } };
}

describe('the new encoders learn on wasm', () => {
  it.each([
    ['bins', { type: 'bins', num_bins: 16, output_size: 8 }],
    ['periodic', { type: 'periodic', num_frequencies: 16, output_size: 8, sigma: 0.5 }],
  ])('number/%s learns |x| > 1.2 to 0.85 test accuracy where chance is about 0.6', async (_, encoder) => {
    const config = resolved({
      input_features: [{ name: 'x', type: 'number', encoder }],
      output_features: [{ name: 'near', type: 'binary' }],
      combiner: { type: 'concat', num_fc_layers: 1, output_size: 8 },
      trainer: { epochs: 15, batch_size: 32, learning_rate: 0.01, early_stop: -1 },
    });
    const { testStatistics } = await trainOnTable({ table: table(600, 3), config, seed: 5, featureImportance: false });
    expect(tf.getBackend()).toBe('wasm');
    expect((testStatistics as { near: { accuracy: number } }).near.accuracy).toBeGreaterThanOrEqual(0.85);
  }, 30_000);

  it.each([
    ['hash', { type: 'hash', num_hash_buckets: 64, embedding_size: 8 }],
    ['target', { type: 'target', output_size: 2 }],
  ])('category/%s learns which codes are "yes" to 0.9 test accuracy where chance is 0.5', async (_, encoder) => {
    const config = resolved({
      input_features: [{ name: 'code', type: 'category', encoder }],
      output_features: [{ name: 'kind', type: 'binary' }],
      // Ludwig's default concat (no FC layer): a ReLU layer over target's all-zero start would
      // pass no gradient back (relu'(0) = 0 in PyTorch too).
      combiner: { type: 'concat' },
      trainer: { epochs: 15, batch_size: 32, learning_rate: 0.02, early_stop: -1 },
    });
    const { testStatistics } = await trainOnTable({ table: table(600, 4), config, seed: 5, featureImportance: false });
    expect((testStatistics as { kind: { accuracy: number } }).kind.accuracy).toBeGreaterThanOrEqual(0.9);
  }, 30_000);
});
