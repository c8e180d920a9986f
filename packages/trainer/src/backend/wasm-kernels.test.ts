import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';

/** The replaced wasm kernels must agree exactly with plain array logic. */
describe('fast wasm kernels', () => {
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

  it('splits correctly when allocating the parts grows the wasm heap (views taken before a growth are detached)', () => {
    // Parts larger than any free block so far: each allocation grows the heap.
    const rows = 2;
    const width = 3 * (1 << 21);
    const [a, b, c] = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from({ length: rows * width }, (_, i) => i % 1000), [rows, width]);
      const [p, q, r] = tf.split(x, [width / 3, width / 3, width / 3], 1);
      return [p, q, r].map((t) => tf.keep(tf.slice(t, [1, 0], [1, 4])).arraySync() as number[][]);
    });
    const at = (i: number) => [0, 1, 2, 3].map((j) => (width + i + j) % 1000);
    expect([a[0], b[0], c[0]]).toEqual([at(0), at(width / 3), at((2 * width) / 3)]);
  });

  const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-4 * Math.max(1, Math.abs(b[i])));

  it('sums and averages over the leading axes, with and without keepDims', () => {
    const m = matrix(7, 5);
    const colSums = m[0].map((_, j) => m.reduce((s, r) => s + r[j], 0));
    expect(close(tf.tidy(() => Array.from(tf.sum(tf.tensor2d(m), 0).dataSync())), colSums)).toBe(true);
    expect(tf.tidy(() => tf.sum(tf.tensor2d(m), 0, true).shape)).toEqual([1, 5]);
    expect(close(tf.tidy(() => Array.from(tf.mean(tf.tensor2d(m), 0).dataSync())), colSums.map((s) => s / 7))).toBe(true);
    const cube = tf.tensor3d(matrix(6, 4).flat(), [2, 3, 4]);
    const leading2 = Array.from({ length: 4 }, (_, k) => matrix(6, 4).reduce((s, r) => s + r[k], 0));
    expect(close(Array.from(tf.tidy(() => tf.sum(cube, [0, 1]).dataSync())), leading2)).toBe(true);
    // Not leading: the original kernel answers.
    expect(tf.tidy(() => Array.from(tf.sum(tf.tensor2d(m), 1).dataSync()))).toEqual(m.map((r) => r.reduce((s, v) => s + v, 0)));
    cube.dispose();
  });

  it('gathers rows by index, for any index shape, and rejects an index out of range', () => {
    const table = matrix(5, 3);
    expect(tf.tidy(() => tf.gather(tf.tensor2d(table), tf.tensor1d([4, 0, 4], 'int32')).arraySync())).toEqual([table[4], table[0], table[4]]);
    expect(tf.tidy(() => tf.gather(tf.tensor2d(table), tf.tensor2d([[1, 2], [3, 0]], [2, 2], 'int32')).arraySync())).toEqual([[table[1], table[2]], [table[3], table[0]]]);
    expect(() => tf.tidy(() => tf.gather(tf.tensor2d(table), tf.tensor1d([5], 'int32')))).toThrow(/index value 5 is not in \[0, 4\]/);
  });

  it('transposes matrices whose rows are not a multiple of the tile, float and int', () => {
    const m = matrix(13, 11);
    const t = m[0].map((_, j) => m.map((r) => r[j]));
    expect(tf.tidy(() => tf.transpose(tf.tensor2d(m)).arraySync())).toEqual(t);
    expect(tf.tidy(() => tf.transpose(tf.tensor2d(m, [13, 11], 'int32')).arraySync())).toEqual(t);
  });

  it('multiplies matrices through the SIMD product where shapes suit it, and the original kernel elsewhere', () => {
    const random = (r: number, c: number) => tf.randomNormal([r, c], 0, 1, 'float32', r * 31 + c) as tf.Tensor2D;
    const cases: [number, number, number][] = [[8, 16, 16], [256, 64, 256], [6, 5, 7], [4, 3, 12], [2, 7, 32]];
    for (const [m, k, n] of cases) {
      const [a, b] = [random(m, k), random(k, n)];
      const ours = tf.tidy(() => Array.from(tf.matMul(a, b).dataSync()));
      // The same product through transposes, which the override leaves to the original kernel.
      const reference = tf.tidy(() => Array.from(tf.matMul(tf.transpose(a), tf.transpose(b), true, true).dataSync()));
      expect(Math.max(...ours.map((v, i) => Math.abs(v - reference[i])))).toBeLessThan(1e-4);
      expect(tf.tidy(() => tf.matMul(a.reshape([1, m, k]), b.reshape([1, k, n])).shape)).toEqual([1, m, n]);
      // Aᵀ·B with A stored transposed: the SIMD kernel for transposeA.
      const viaTransposedA = tf.tidy(() => Array.from(tf.matMul(tf.transpose(a), b, true, false).dataSync()));
      expect(Math.max(...viaTransposedA.map((v, i) => Math.abs(v - reference[i])))).toBeLessThan(1e-4);
      tf.dispose([a, b]);
    }
  });
});
