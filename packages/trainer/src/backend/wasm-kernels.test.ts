import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';

/** The replaced wasm kernels must agree exactly with plain array logic. */
describe('fast wasm Concat, Slice and SplitV', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const matrix = (rows: number, cols: number, start = 0) => Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => start + i * cols + j));

  it('concatenates narrow and wide float blocks along columns', () => {
    const parts = [matrix(3, 1), matrix(3, 70, 100), matrix(3, 2, 1000)];
    const out = tf.tidy(() => tf.concat(parts.map((p) => tf.tensor2d(p)), 1).arraySync());
    expect(out).toEqual(parts[0].map((_, i) => parts.flatMap((p) => p[i])));
  });

  it('concatenates int32 blocks and along rows', () => {
    expect(tf.tidy(() => tf.concat([tf.tensor2d([[1], [2]], [2, 1], 'int32'), tf.tensor2d([[3, 4], [5, 6]], [2, 2], 'int32')], 1).arraySync())).toEqual([[1, 3, 4], [2, 5, 6]]);
    expect(tf.tidy(() => tf.concat([tf.ones([2, 3]), tf.zeros([1, 3])], 0).arraySync())).toEqual([[1, 1, 1], [1, 1, 1], [0, 0, 0]]);
  });

  it('slices a column block of a matrix', () => {
    const m = matrix(6, 80);
    expect(tf.tidy(() => tf.slice(tf.tensor2d(m), [2, 5], [3, 70]).arraySync())).toEqual(m.slice(2, 5).map((r) => r.slice(5, 75)));
  });

  it('splits columns back into the parts a concat joined', () => {
    const m = matrix(4, 103);
    const parts = tf.tidy(() => tf.split(tf.tensor2d(m), [1, 32, 70], 1).map((t) => t.arraySync()));
    expect(parts).toEqual([m.map((r) => r.slice(0, 1)), m.map((r) => r.slice(1, 33)), m.map((r) => r.slice(33))]);
  });
});
