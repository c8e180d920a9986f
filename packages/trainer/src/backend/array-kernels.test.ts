import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';
import { runArrayKernel, type ArrayKernel } from './array-kernels.js';

/** y[r, k] = x[r] · a[k] + bias: two inputs, an attribute, an output shape of its own. */
const outer: ArrayKernel<{ bias: number }> = {
  name: 'TestOuterPlusBias',
  outputShape: ([x, a]) => [x[0], a[0]],
  compute: ([x, a], _shapes, out, { bias }) => {
    for (let r = 0; r < x.length; r++) for (let k = 0; k < a.length; k++) out[r * a.length + k] = x[r] * a[k] + bias;
  },
  fallback: ([x, a], { bias }) => tf.add(tf.mul(x, a), bias),
};

const expected = [[1.5, 2.5, 3.5], [2.5, 4.5, 6.5]];

async function runOn(backend: 'wasm' | 'cpu'): Promise<number[][]> {
  await initBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor2d([[1], [2]]);
    const a = tf.tensor1d([1, 2, 3]);
    return runArrayKernel(outer, [x, a], { bias: 0.5 }).arraySync() as number[][];
  });
}

describe('array kernels', () => {
  afterAll(async () => {
    await initBackend('wasm');
  });

  it('compute the same on wasm, on cpu, and through the tensor-op fallback', async () => {
    expect(await runOn('wasm')).toEqual(expected);
    expect(await runOn('cpu')).toEqual(expected);
    const viaFallback = tf.tidy(() => outer.fallback([tf.tensor2d([[1], [2]]), tf.tensor1d([1, 2, 3])], { bias: 0.5 }).arraySync());
    expect(viaFallback).toEqual(expected);
  });

  it('leave no tensors behind', async () => {
    await initBackend('wasm');
    const before = tf.memory().numTensors;
    await runOn('wasm');
    expect(tf.memory().numTensors).toBe(before);
  });
});
