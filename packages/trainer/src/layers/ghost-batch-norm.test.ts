import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { ParameterStore } from '../model/parameters.js';
import { numericalGradient } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { chunkSizes, createGhostBatchNorm } from './ghost-batch-norm.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const ctx = (training: boolean) => ({ training, rng: new SeededRandom(1) });

/** Column means and biased variances of rows [from, to) of a row-major matrix. */
function columnStats(values: number[][], from: number, to: number): { mean: number[]; variance: number[] } {
  const width = values[0].length;
  const n = to - from;
  const mean = Array.from({ length: width }, (_, c) => values.slice(from, to).reduce((s, r) => s + r[c], 0) / n);
  const variance = Array.from({ length: width }, (_, c) => values.slice(from, to).reduce((s, r) => s + (r[c] - mean[c]) ** 2, 0) / n);
  return { mean, variance };
}

describe('ghost batch norm', () => {
  it('cuts batches as torch.chunk(ceil(rows / virtual batch size)) does', () => {
    expect(chunkSizes(10, 4)).toEqual([4, 4, 2]);
    expect(chunkSizes(100, 30)).toEqual([25, 25, 25, 25]);
    expect(chunkSizes(7, 3)).toEqual([3, 3, 1]);
    expect(chunkSizes(5, 8)).toEqual([5]);
    expect(chunkSizes(5, null)).toEqual([5]);
  });

  it('normalizes each chunk with its own statistics, passes a 1-row chunk through, and updates the running estimates chunk by chunk', () => {
    const params = new ParameterStore();
    try {
      const momentum = 0.2;
      const epsilon = 1e-3;
      const norm = createGhostBatchNorm(params, 'bn', 3, { momentum, epsilon, virtualBatchSize: 3 });
      const input = Array.from({ length: 7 }, (_, r) => Array.from(seededValues(r + 1, 3, 2), (v, c) => v + c * 5));
      const out = tf.tidy(() => norm.apply(tf.tensor2d(input), ctx(true)).arraySync());
      let runningMean = [0, 0, 0];
      let runningVar = [1, 1, 1];
      for (const [from, to] of [[0, 3], [3, 6]]) {
        const { mean, variance } = columnStats(input, from, to);
        for (let r = from; r < to; r++) {
          const expected = input[r].map((v, c) => (v - mean[c]) / Math.sqrt(variance[c] + epsilon));
          expect(maxAbsDifference(out[r], expected)).toBeLessThan(1e-4);
        }
        runningMean = runningMean.map((m, c) => (1 - momentum) * m + momentum * mean[c]);
        runningVar = runningVar.map((v, c) => (1 - momentum) * v + momentum * variance[c] * 3 / 2);
      }
      expect(out[6]).toEqual(input[6].map((v) => Math.fround(v)));
      expect(maxAbsDifference(params.get('bn.running_mean').dataSync(), runningMean)).toBeLessThan(1e-5);
      expect(maxAbsDifference(params.get('bn.running_var').dataSync(), runningVar)).toBeLessThan(1e-4);
      // Inference uses the running statistics.
      const inferred = tf.tidy(() => norm.apply(tf.tensor2d([input[0]]), ctx(false)).arraySync()[0]);
      expect(maxAbsDifference(inferred, input[0].map((v, c) => (v - runningMean[c]) / Math.sqrt(runningVar[c] + epsilon)))).toBeLessThan(1e-4);
    } finally {
      params.dispose();
    }
  });

  it('input and gamma gradients through ghost batches match central differences', () => {
    const params = new ParameterStore();
    try {
      const norm = createGhostBatchNorm(params, 'bn', 2, { momentum: 0, epsilon: 1e-3, virtualBatchSize: 4 });
      const gamma = params.get('bn.gamma');
      gamma.assign(tf.tensor1d([1.5, -0.7]));
      const weights = tf.tensor2d(seededValues(3, 18), [9, 2]);
      const x = seededValues(4, 18, 1.5);
      const lossOf = (t: tf.Tensor2D) => tf.sum(tf.mul(tf.square(norm.apply(t, ctx(true))), weights)) as tf.Scalar;
      const analytic = tf.tidy(() => Array.from(tf.grad((t: tf.Tensor) => lossOf(t as tf.Tensor2D))(tf.tensor2d(x, [9, 2])).dataSync()));
      const coordinates = Array.from({ length: 18 }, (_, i) => i);
      const numeric = numericalGradient((v) => tf.tidy(() => lossOf(tf.tensor2d(v, [9, 2])).dataSync()[0]), x, coordinates, 1e-2);
      expect(maxAbsDifference(analytic, numeric)).toBeLessThan(2e-2);
      expect(Math.max(...analytic.map(Math.abs))).toBeGreaterThan(0.1);
      weights.dispose();
    } finally {
      params.dispose();
    }
  });
});
