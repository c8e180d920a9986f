import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';
import { wasmSimd } from './simd/index.js';
import { transposeOnHeap } from './simd-product.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** C = op(A)·op(B) (+ bias, ReLU) in plain JavaScript, A and B as stored. */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Float32Array | null, relu: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = bias ? bias[j] : 0;
      for (let t = 0; t < k; t++) sum += (transposeA ? a[t * m + i] : a[i * k + t]) * (transposeB ? b[j * k + t] : b[t * n + j]);
      out.push(relu ? Math.max(0, sum) : sum);
    }
  }
  return out;
}

const shapes = [[2, 3, 16], [3, 5, 7], [1, 4, 1], [7, 19, 33], [64, 40, 48]];

describe('transposes on the heap', () => {
  for (const [rows, cols] of [[4, 8], [5, 7], [3, 2], [1, 9], [12, 13]]) {
    it(`transposes ${rows}×${cols} (4×4 SIMD blocks, edges in JavaScript), also into wider output rows`, () => {
      const simd = wasmSimd()!;
      const x = seededValues(rows * cols, rows * cols);
      tf.tidy(() => {
        const xT = tf.tensor2d(x, [rows, cols]);
        expect(Array.from(tf.transpose(xT).dataSync())).toEqual(Array.from({ length: rows * cols }, (_, q) => x[(q % rows) * cols + Math.floor(q / rows)]));
        const stride = rows + 3;
        const wide = tf.fill([cols, stride], -1);
        transposeOnHeap(simd, simd.address(xT), rows, cols, simd.address(wide), stride);
        const out = wide.dataSync();
        for (let j = 0; j < cols; j++) {
          for (let i = 0; i < stride; i++) expect(out[j * stride + i]).toBe(i < rows ? x[i * cols + j] : -1);
        }
      });
    });
  }
});

describe('matrix products on the SIMD kernel (every shape, padded and transposed on the heap)', () => {
  for (const [m, k, n] of shapes) {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
      it(`matMul ${m}×${k}·${k}×${n}${transposeA ? ', A transposed' : ''}${transposeB ? ', B transposed' : ''}`, () => {
        const a = seededValues(m * 100 + k, m * k);
        const b = seededValues(n * 100 + k, k * n);
        const result = tf.tidy(() => {
          const aT = transposeA ? tf.tensor2d(a, [k, m]) : tf.tensor2d(a, [m, k]);
          const bT = transposeB ? tf.tensor2d(b, [n, k]) : tf.tensor2d(b, [k, n]);
          return Array.from(tf.matMul(aT, bT, transposeA, transposeB).dataSync());
        });
        expect(maxAbsDifference(result, reference(a, b, m, k, n, transposeA, transposeB, null, false))).toBeLessThan(1e-4);
      });
    }
    it(`fused matMul with bias and ReLU, ${m}×${k}·${k}×${n}, 2-D and 3-D`, () => {
      const a = seededValues(m + k, m * k);
      const b = seededValues(n + k, k * n);
      const bias = seededValues(n, n);
      const expected = reference(a, b, m, k, n, false, false, bias, true);
      tf.tidy(() => {
        const fused3d = tf.fused.matMul({ a: tf.tensor2d(a, [m, k]), b: tf.tensor2d(b, [k, n]), bias: tf.tensor1d(bias), activation: 'relu' });
        const fused2d = tf.engine().runKernel('_FusedMatMul', { a: tf.tensor2d(a, [m, k]), b: tf.tensor2d(b, [k, n]), bias: tf.tensor1d(bias) },
          { transposeA: false, transposeB: false, activation: 'relu', leakyreluAlpha: 0 }) as tf.Tensor;
        expect(fused2d.shape).toEqual([m, n]);
        expect(maxAbsDifference(Array.from(fused3d.dataSync()), expected)).toBeLessThan(1e-4);
        expect(maxAbsDifference(Array.from(fused2d.dataSync()), expected)).toBeLessThan(1e-4);
      });
    });
  }

  it('batches of matrices keep tfjs\' kernel, including data shared with a reshape', () => {
    tf.tidy(() => {
      const wValues = seededValues(5, 12);
      const w = tf.tensor3d(wValues, [2, 6, 1]);
      const a = tf.tensor3d(seededValues(6, 2 * 3 * 6), [2, 3, 6]);
      expect(tf.matMul(a, w).shape).toEqual([2, 3, 1]);
      const rows = tf.reshape(w, [2, 1, 6]) as tf.Tensor3D;
      const lValues = seededValues(7, 2 * 4);
      const second = tf.matMul(tf.tensor3d(lValues, [2, 4, 1]), rows);
      const expected = Array.from({ length: 2 * 4 * 6 }, (_, q) => {
        const [batch, i, j] = [Math.floor(q / 24), Math.floor(q / 6) % 4, q % 6];
        return lValues[batch * 4 + i] * wValues[batch * 6 + j];
      });
      expect(maxAbsDifference(Array.from(second.dataSync()), expected)).toBeLessThan(1e-5);
    });
  });
});
