import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { onBackend, tensorCountChange } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { layerNormalize } from './normalization.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The textbook formula over each row, differentiated by tfjs itself. */
function textbook(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, 1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta) as tf.Tensor2D;
}

function run(viaKernel: boolean, rows: number, size: number, eps: number) {
  const x = tf.tensor2d(seededValues(1, rows * size, 3), [rows, size]);
  const gamma = tf.tensor1d(seededValues(2, size));
  const beta = tf.tensor1d(seededValues(3, size));
  const up = tf.tensor2d(seededValues(4, rows * size), [rows, size]);
  const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(
    viaKernel ? layerNormalize(a as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, eps) : textbook(a as tf.Tensor2D, g, b, eps), up));
  const y = viaKernel ? layerNormalize(x, gamma, beta, eps) : textbook(x, gamma, beta, eps);
  const [dx, dg, db] = tf.grads(f)([x, gamma, beta]);
  return [y, dx, dg, db].map((t) => Array.from(t.dataSync()));
}

describe('layer normalization kernel', () => {
  it.each([[6, 4, 1e-5], [37, 64, 1e-6], [3, 1, 1e-5]])('matches the textbook formula and tfjs cpu gradients on wasm and cpu (%i rows of %i, ε %f)', async (rows, size, eps) => {
    const reference = await onBackend('cpu', () => run(false, rows, size, eps));
    for (const backend of ['wasm', 'cpu'] as const) {
      const actual = await onBackend(backend, () => run(true, rows, size, eps));
      reference.forEach((values, i) => expect(maxAbsDifference(actual[i], values), `${backend} output ${i}`).toBeLessThan(2e-5));
    }
  });

  it('leaks no tensors, with or without a gradient', () => {
    const x = tf.tensor2d(seededValues(1, 24), [6, 4]);
    const gamma = tf.variable(tf.ones([4]));
    const beta = tf.variable(tf.zeros([4]));
    expect(tensorCountChange(() => tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(layerNormalize(x, gamma as tf.Tensor1D, beta as tf.Tensor1D, 1e-5)) as tf.Scalar, [gamma, beta]);
      tf.dispose([value, ...Object.values(grads)]);
    }))).toBe(0);
    expect(tensorCountChange(() => tf.tidy(() => {
      layerNormalize(x, gamma as tf.Tensor1D, beta as tf.Tensor1D, 1e-5);
    }))).toBe(0);
    tf.dispose([x, gamma, beta]);
  });
});
