import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';
import { onBackend } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';

beforeAll(async () => {
  await initBackend('wasm');
});

// Batches of matrices (attention's per-head products) run one SIMD product per matrix on wasm:
// odd sizes, transposed operands, and the gradients tfjs derives from them.
describe('BatchMatMul of batches of matrices on the SIMD product', () => {
  const cases = [
    [6, 5, 3, 7, false, true],
    [4, 64, 16, 64, false, true],
    [3, 9, 11, 2, true, false],
    [2, 1, 4, 33, true, true],
    [5, 17, 8, 16, false, false],
  ] as const;
  it.each(cases)('batch %i of %i×%i·%i×… (transposeA %s, transposeB %s) matches tfjs cpu, values and gradients', async (batch, m, k, n, tA, tB) => {
    const aShape = tA ? [batch, k, m] : [batch, m, k];
    const bShape = tB ? [batch, n, k] : [batch, k, n];
    const run = () => {
      const a = tf.tensor3d(seededValues(1, batch * m * k), aShape as [number, number, number]);
      const b = tf.tensor3d(seededValues(2, batch * k * n), bShape as [number, number, number]);
      const up = tf.tensor3d(seededValues(3, batch * m * n), [batch, m, n]);
      const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D, tA, tB), up));
      const [ga, gb] = tf.grads(f)([a, b]);
      return { value: Array.from(tf.matMul(a, b, tA, tB).dataSync()), ga: Array.from(ga.dataSync()), gb: Array.from(gb.dataSync()) };
    };
    const reference = await onBackend('cpu', run);
    const actual = await onBackend('wasm', run);
    expect(maxAbsDifference(actual.value, reference.value)).toBeLessThan(1e-4);
    expect(maxAbsDifference(actual.ga, reference.ga)).toBeLessThan(1e-4);
    expect(maxAbsDifference(actual.gb, reference.gb)).toBeLessThan(1e-4);
  });
});
