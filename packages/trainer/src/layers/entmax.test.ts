import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { OnnxGraph } from '../export/onnx-graph.js';
import { writeOnnxModel } from '../export/onnx-writer.js';
import { numericalGradient, onBackend, tensorCountChange } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { emitEntmax, entmax, entmaxWithOps, type EntmaxKind } from './entmax.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const kinds: EntmaxKind[] = ['sparsemax', 'entmax15'];

/**
 * An independent reference: p = [x − τ]₊^(1/(α−1)) with τ found by bisection on Σp = 1 in
 * float64 (x = z for sparsemax, z/2 for 1.5-entmax), no sorting involved.
 */
function bisectionReference(row: number[], kind: EntmaxKind): number[] {
  const x = row.map((v) => (kind === 'entmax15' ? v / 2 : v));
  const power = kind === 'entmax15' ? 2 : 1;
  const mass = (tau: number) => x.reduce((s, v) => s + Math.max(0, v - tau) ** power, 0);
  let lo = Math.max(...x) - 1;
  let hi = Math.max(...x);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mass(mid) > 1) lo = mid; else hi = mid;
  }
  return x.map((v) => Math.max(0, v - (lo + hi) / 2) ** power);
}

// Rows with a clear winner, a second value just inside the support, a flat row, ties at the
// support's edge, large values and a wide spread.
const rows = [
  [1, 2, 3, 0.5, -1],
  [1, 0.005, -1, -2, -3],
  [2, 0.02, -1, -2, -3],
  [0.5, 0.4, 0.1, 0.45, 0.3],
  [0, 0, 0, 0, 0],
  [2, 2, 1, 1, -3],
  [100, 99.5, 99.9, 0, 100],
  Array.from(seededValues(5, 5, 3)),
];

const run = (kind: EntmaxKind, values: number[][], fn = entmax) => tf.tidy(() => fn(tf.tensor2d(values), kind).arraySync());

describe('alpha-entmax by bisection (entmax_mode constant)', () => {
  const bisect = (values: number[][], alpha: number, fn = entmax) => tf.tidy(() => fn(tf.tensor2d(values), 'bisect', alpha).arraySync());

  it('equals softmax at alpha 1, entmax15 at 1.5 and sparsemax at 2', () => {
    const softmax = tf.tidy(() => tf.softmax(tf.tensor2d(rows)).arraySync());
    expect(maxAbsDifference(bisect(rows, 1).flat(), softmax.flat())).toBeLessThan(1e-6);
    expect(maxAbsDifference(bisect(rows, 1.5).flat(), run('entmax15', rows).flat())).toBeLessThan(1e-5);
    expect(maxAbsDifference(bisect(rows, 2).flat(), run('sparsemax', rows).flat())).toBeLessThan(1e-5);
  });

  it('at alpha 1.3 sums to 1, is sparser than softmax, and the tensor-op twin agrees', async () => {
    const p = bisect(rows, 1.3);
    for (const row of p) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(p.flat().filter((v) => v === 0).length).toBeGreaterThan(0);
    const withOps = await onBackend('cpu', () => bisect(rows, 1.3, entmaxWithOps));
    expect(maxAbsDifference(withOps.flat(), p.flat())).toBeLessThan(1e-5);
  });

  it('gradient at alpha 1.3 matches central differences (s = p^(2 − alpha))', () => {
    const width = 5;
    const z = seededValues(21, 3 * width, 1.5);
    const weights = tf.tensor2d(seededValues(22, 3 * width), [3, width]);
    const lossOf = (x: tf.Tensor) => tf.sum(tf.mul(entmax(x as tf.Tensor2D, 'bisect', 1.3), weights)) as tf.Scalar;
    const analytic = tf.tidy(() => Array.from(tf.grad(lossOf)(tf.tensor2d(z, [3, width])).dataSync()));
    const coordinates = Array.from({ length: z.length }, (_, i) => i);
    const numeric = numericalGradient((v) => tf.tidy(() => lossOf(tf.tensor2d(v, [3, width])).dataSync()[0]), z, coordinates, 1e-2);
    expect(maxAbsDifference(analytic, numeric)).toBeLessThan(2e-2);
    expect(analytic.some((g) => Math.abs(g) > 1e-2)).toBe(true);
    weights.dispose();
  });

  for (const alpha of [1, 1.3, 1.8]) {
    it(`at alpha ${alpha} exports to ONNX (unrolled bisection) matching tfjs within 1e-5`, async () => {
      const width = rows[0].length;
      const g = new OnnxGraph({});
      const input = g.addInput('z', 'float32', width);
      g.addOutput('p', emitEntmax(g, input, width, 'bisect', alpha), width);
      const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: `entmax ${alpha} parity` }));
      const result = await session.run({ z: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]) });
      expect(maxAbsDifference(Array.from(result.p.data as Float32Array), bisect(rows, alpha).flat())).toBeLessThan(1e-5);
    });
  }
});

describe('sparsemax and 1.5-entmax', () => {
  it('sparsemax of known rows: one winner takes all, close values share the mass', () => {
    const [winner, shared] = run('sparsemax', [[1, 2, 3], [0.5, 0.4, 0.1]]);
    expect(winner).toEqual([0, 0, 1]);
    for (const [a, b] of shared.map((v, i) => [v, [0.5, 0.4, 0.1][i]])) expect(a).toBeCloseTo(b, 6);
    expect(run('entmax15', [[0, 0]])[0]).toEqual([0.5, 0.5]);
  });

  for (const kind of kinds) {
    it(`${kind} matches a bisection reference on wasm and cpu, sums to 1 and is sparse`, async () => {
      const expected = rows.map((r) => bisectionReference(r, kind));
      for (const backend of ['wasm', 'cpu'] as const) {
        const actual = await onBackend(backend, () => run(kind, rows));
        expect(maxAbsDifference(actual.flat(), expected.flat()), backend).toBeLessThan(1e-5);
        for (const row of actual) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
      expect(expected[0].filter((p) => p === 0).length).toBeGreaterThan(0);
      // The tensor-op formulation (other backends) agrees with the kernel.
      const withOps = await onBackend('cpu', () => run(kind, rows, entmaxWithOps));
      expect(maxAbsDifference(withOps.flat(), expected.flat())).toBeLessThan(1e-5);
    });

    it(`${kind} gradient matches central differences (kernel on wasm, tensor ops on cpu)`, async () => {
      const width = 6;
      const z = seededValues(11, 4 * width, 1.2);
      const weights = tf.tensor2d(seededValues(12, 4 * width), [4, width]);
      const loss = (values: Float32Array) => tf.tidy(() => tf.sum(tf.mul(entmax(tf.tensor2d(values, [4, width]), kind), weights)).dataSync()[0]);
      const analytic = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(entmax(x as tf.Tensor2D, kind), weights)))(tf.tensor2d(z, [4, width])).dataSync()));
      // Float64 central differences of the reference: the maps are piecewise smooth, so a small step stays on one piece.
      const w = weights.dataSync();
      const referenceLoss = (v: number[]) => Array.from({ length: 4 }, (_, r) => bisectionReference(v.slice(r * width, (r + 1) * width), kind)).flat()
        .reduce((s, pi, i) => s + pi * w[i], 0);
      const numeric = Array.from(z, (_, i) => {
        const step = 1e-5;
        const plus = Array.from(z);
        const minus = Array.from(z);
        plus[i] += step;
        minus[i] -= step;
        return (referenceLoss(plus) - referenceLoss(minus)) / (2 * step);
      });
      expect(maxAbsDifference(analytic, numeric)).toBeLessThan(1e-3);
      expect(analytic.some((g) => g !== 0)).toBe(true);
      const onCpu = await onBackend('cpu', () => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(entmax(x as tf.Tensor2D, kind), weights)))(tf.tensor2d(z, [4, width])).dataSync()));
      expect(maxAbsDifference(onCpu, analytic)).toBeLessThan(1e-5);
      // And float32 differences through the kernel itself.
      expect(maxAbsDifference(numericalGradient(loss, z, [0, 7, 13], 1e-2), [0, 7, 13].map((i) => analytic[i]))).toBeLessThan(5e-2);
      weights.dispose();
    });

    it(`${kind} forward and gradient leave no tensor behind`, () => {
      const z = tf.tensor2d(seededValues(3, 24), [4, 6]);
      expect(tensorCountChange(() => tf.dispose(tf.grad((x: tf.Tensor) => tf.sum(entmax(x as tf.Tensor2D, kind)))(z)))).toBe(0);
      z.dispose();
    });

    it(`${kind} exports to ONNX (TopK, CumSum) matching tfjs within 1e-5`, async () => {
      const width = rows[0].length;
      const g = new OnnxGraph({});
      const input = g.addInput('z', 'float32', width);
      g.addOutput('p', emitEntmax(g, input, width, kind), width);
      const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: `${kind} parity` }));
      const result = await session.run({ z: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]) });
      expect(maxAbsDifference(Array.from(result.p.data as Float32Array), run(kind, rows).flat())).toBeLessThan(1e-5);
    });
  }
});
