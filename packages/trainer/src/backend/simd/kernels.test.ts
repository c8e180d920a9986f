import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { maxAbsDifference } from '../../test-support/training-step.js';
import { SeededRandom } from '../../util/random.js';
import { wasmSimd, type WasmSimd } from './index.js';
import { simdModuleBytes, type SimdKernels } from './kernels.js';

let simd: WasmSimd;

beforeAll(async () => {
  await initBackend('wasm');
  const found = wasmSimd();
  // Node's engine runs wasm SIMD: a null here means the module's bytes are malformed.
  expect(found).not.toBeNull();
  simd = found!;
});

const random = new SeededRandom(3);
const values = (n: number) => Array.from({ length: n }, () => random.nextGaussian());

describe('wasm SIMD kernels', () => {
  it('adam writes PyTorch\'s update for lengths with and without a scalar tail, m and v in place', () => {
    for (const n of [1, 4, 7, 37]) {
      const p = values(n);
      const g = values(n);
      const m = values(n).map((x) => x / 10);
      const v = values(n).map((x) => x * x / 10);
      const c = { beta1: 0.9, beta2: 0.99, gradScale: 0.5, l2: 0.01, stepSize: 0.003, invBc2: 1.7, eps: 1e-8, decay: 0.0002 };
      const [pIn, pOut, gT, mT, vT] = [p, p.map(() => 0), g, m, v].map((a) => tf.tensor1d(a));
      simd.kernels.adam(simd.address(pIn), simd.address(pOut), simd.address(gT), simd.address(mT), simd.address(vT), n,
        c.beta1, c.beta2, 1 - c.beta1, 1 - c.beta2, c.gradScale, c.l2, c.stepSize, c.invBc2, c.eps, c.decay);
      const gi = g.map((x, k) => c.gradScale * x + c.l2 * p[k]);
      const mi = m.map((x, k) => c.beta1 * x + (1 - c.beta1) * gi[k]);
      const vi = v.map((x, k) => c.beta2 * x + (1 - c.beta2) * gi[k] * gi[k]);
      const pi = p.map((x, k) => x - (c.stepSize * mi[k]) / (Math.sqrt(vi[k]) * c.invBc2 + c.eps) - c.decay * x);
      expect(maxAbsDifference(Array.from(mT.dataSync()), mi)).toBeLessThan(1e-6);
      expect(maxAbsDifference(Array.from(vT.dataSync()), vi)).toBeLessThan(1e-6);
      expect(maxAbsDifference(Array.from(pOut.dataSync()), pi)).toBeLessThan(1e-6);
      expect(Array.from(pIn.dataSync())).toEqual(Array.from(Float32Array.from(p)));
      tf.dispose([pIn, pOut, gT, mT, vT]);
    }
  });

  it('columnSums scales the sum of each column, for widths with and without a scalar tail', () => {
    for (const [rows, width] of [[3, 4], [5, 7], [1, 2], [9, 13]]) {
      const x = values(rows * width);
      const xT = tf.tensor2d(x, [rows, width]);
      const out = tf.zeros([width]);
      simd.kernels.columnSums(simd.address(xT), rows, width, simd.address(out), 0.25);
      const expected = Array.from({ length: width }, (_, j) => 0.25 * Array.from({ length: rows }, (_, i) => x[i * width + j]).reduce((a, b) => a + b, 0));
      expect(maxAbsDifference(Array.from(out.dataSync()), expected)).toBeLessThan(1e-5);
      tf.dispose([xT, out]);
    }
  });

  it('sumOfSquares adds every square, tail included', () => {
    for (const n of [1, 4, 6, 33]) {
      const x = values(n);
      const t = tf.tensor1d(x);
      expect(simd.kernels.sumOfSquares(simd.address(t), n)).toBeCloseTo(x.reduce((s, v) => s + v * v, 0), 4);
      t.dispose();
    }
  });

  it('scatterAddRows adds each source row into the row its id names, duplicates summed, widths with and without a tail', () => {
    for (const width of [1, 3, 4, 7, 16, 18]) {
      const ids = [2, 0, 2, 5, 2, 0];
      const rows = 6;
      const src = values(ids.length * width);
      const initial = values(rows * width);
      const [srcT, outT] = [tf.tensor2d(src, [ids.length, width]), tf.tensor2d(initial, [rows, width])];
      const idT = tf.tensor1d(ids, 'int32');
      simd.kernels.scatterAddRows(simd.address(srcT), simd.address(idT), ids.length, width, simd.address(outT));
      const expected = [...initial];
      ids.forEach((r, k) => { for (let j = 0; j < width; j++) expected[r * width + j] += src[k * width + j]; });
      expect(maxAbsDifference(Array.from(outT.dataSync()), expected)).toBeLessThan(1e-5);
      tf.dispose([srcT, outT, idT]);
    }
  });

  it('matmul multiplies row-major matrices (M a multiple of 2, N of 16), adding a bias and applying ReLU when asked', () => {
    for (const [m, k, n] of [[2, 1, 16], [4, 5, 32], [6, 33, 48]]) {
      const a = values(m * k);
      const b = values(k * n);
      const bias = values(n);
      const [aT, bT, biasT] = [tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n]), tf.tensor1d(bias)];
      const product = Array.from({ length: m * n }, (_, q) => {
        const [i, j] = [Math.floor(q / n), q % n];
        return Array.from({ length: k }, (_, t) => a[i * k + t] * b[t * n + j]).reduce((x, y) => x + y, 0);
      });
      for (const [withBias, relu] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const expected = product.map((v, q) => {
          const biased = withBias ? v + bias[q % n] : v;
          return relu ? Math.max(0, biased) : biased;
        });
        const out = tf.zeros([m, n]);
        simd.kernels.matmul(simd.address(aT), simd.address(bT), simd.address(out), m, k, n, withBias ? simd.address(biasT) : 0, relu ? 1 : 0);
        expect(maxAbsDifference(Array.from(out.dataSync()), expected)).toBeLessThan(1e-4);
        out.dispose();
      }
      tf.dispose([aT, bT, biasT]);
    }
  });

  it('uses fused multiply-add here (relaxed SIMD), and the module without it computes the same products', () => {
    expect(simd.fused).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const [fused, plain] = [true, false].map((f) => new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes(f)), { env: { memory } }).exports as unknown as SimdKernels);
    const [m, k, n] = [4, 37, 32];
    const heap = new Float32Array(memory.buffer);
    heap.set(values(m * k + k * n));
    const [a, b, c1, c2] = [0, m * k, m * k + k * n, m * k + k * n + m * n].map((floats) => floats * 4);
    fused.matmul(a, b, c1, m, k, n, 0, 0);
    plain.matmul(a, b, c2, m, k, n, 0, 0);
    const [r1, r2] = [c1, c2].map((at) => Array.from(heap.subarray(at / 4, at / 4 + m * n)));
    expect(maxAbsDifference(r1, r2)).toBeLessThan(1e-4);
    expect(r1.some((v) => v !== 0)).toBe(true);
  });

  it('reluGradient passes dy where y > 0 and zeroes it elsewhere, tail included', () => {
    for (const n of [3, 8, 13]) {
      const dy = values(n);
      const y = values(n).map((v, i) => (i % 3 === 0 ? 0 : v));
      const [dyT, yT, out] = [tf.tensor1d(dy), tf.tensor1d(y), tf.zeros([n])];
      simd.kernels.reluGradient(simd.address(dyT), simd.address(yT), simd.address(out), n);
      expect(Array.from(out.dataSync())).toEqual(Array.from(Float32Array.from(dy.map((v, i) => (y[i] > 0 ? v : 0)))));
      tf.dispose([dyT, yT, out]);
    }
  });
});
