import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { maxAbsDifference, seededMatrix, seededValues } from '../test-support/training-step.js';
import { denseForward, type FusedActivation } from './dense.js';
import { denseKernelsAvailable } from '../backend/dense-gradient.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The same layer from plain ops, differentiated by tfjs itself: the reference. */
function plainDense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null, activation: FusedActivation): tf.Tensor2D {
  const linear = b ? tf.add(tf.matMul(x, w), b) : tf.matMul(x, w);
  return (activation === 'relu' ? tf.relu(linear) : linear) as tf.Tensor2D;
}

interface Case {
  batch: number;
  inSize: number;
  outSize: number;
  path: string;
}

// On wasm every shape runs the SIMD product, padded to even rows and columns in multiples of 16
// and transposed on the heap where needed: the shapes cover each padding and batch 1.
const shapes: Case[] = [
  { batch: 8, inSize: 6, outSize: 1, path: 'one output column' },
  { batch: 16, inSize: 5, outSize: 2, path: 'small out' },
  { batch: 6, inSize: 8, outSize: 16, path: 'columns a multiple of 16' },
  { batch: 16, inSize: 2, outSize: 20, path: 'small in' },
  { batch: 3, inSize: 3, outSize: 4, path: 'odd rows' },
  { batch: 1, inSize: 4, outSize: 3, path: 'batch 1' },
  { batch: 5, inSize: 1, outSize: 3, path: 'in 1' },
  { batch: 4, inSize: 16, outSize: 32, path: 'no padding anywhere' },
  { batch: 7, inSize: 19, outSize: 33, path: 'padding everywhere' },
];

function gradients(fn: typeof plainDense, c: Case, activation: FusedActivation, withBias: boolean, seed: number, inputNeedsGradient = true) {
  return tf.tidy(() => {
    const x = seededMatrix(seed, c.batch, c.inSize);
    const w = seededMatrix(seed + 1, c.inSize, c.outSize);
    const b = tf.tensor1d(seededValues(seed + 2, c.outSize, 0.5));
    // A random upstream gradient, so every output element counts differently.
    const upstream = seededMatrix(seed + 3, c.batch, c.outSize);
    const forward = (xs: tf.Tensor, ws: tf.Tensor, bs?: tf.Tensor) =>
      fn === plainDense
        ? plainDense(xs as tf.Tensor2D, ws as tf.Tensor2D, (bs as tf.Tensor1D) ?? null, activation)
        : denseForward(xs as tf.Tensor2D, ws as tf.Tensor2D, (bs as tf.Tensor1D) ?? null, activation, inputNeedsGradient);
    const value = forward(x, w, withBias ? b : undefined);
    const args = withBias ? [x, w, b] : [x, w];
    const grads = tf.grads((...t: tf.Tensor[]) => tf.sum(tf.mul(forward(t[0], t[1], t[2]), upstream)))(args);
    return { value: Array.from(value.dataSync()), grads: grads.map((g) => ({ shape: g.shape, values: Array.from(g.dataSync()) })) };
  });
}

describe('denseForward', () => {
  for (const c of shapes) {
    for (const activation of ['linear', 'relu'] as const) {
      for (const withBias of [true, false]) {
        it(`matches plain tfjs ops and their autodiff gradients: ${activation}, ${withBias ? 'bias' : 'no bias'}, [${c.batch}x${c.inSize}]·[${c.inSize}x${c.outSize}] (${c.path})`, () => {
          const expected = gradients(plainDense, c, activation, withBias, 11);
          const actual = gradients(denseForward as unknown as typeof plainDense, c, activation, withBias, 11);
          expect(maxAbsDifference(actual.value, expected.value)).toBeLessThan(1e-5);
          expect(actual.grads.map((g) => g.shape)).toEqual(expected.grads.map((g) => g.shape));
          actual.grads.forEach((g, i) => expect(maxAbsDifference(g.values, expected.grads[i].values)).toBeLessThan(1e-5));
        });
      }
    }
  }

  it('relu output is exactly relu(x·W+b) and zero where the pre-activation is negative', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, -2], [0.5, 3]]);
      const w = tf.tensor2d([[1, 0, -1], [0.5, 1, 2]]);
      const b = tf.tensor1d([0.25, -1, 0]);
      // x·W = [[0, -2, -5], [2, 3, 5.5]]; + b = [[0.25, -3, -5], [2.25, 2, 5.5]]
      expect(Array.from(denseForward(x, w, b, 'relu').dataSync())).toEqual([0.25, 0, 0, 2.25, 2, 5.5]);
    });
  });

  for (const c of [shapes[0], shapes[2], shapes[8]]) {
    it(`gives a zero input gradient but exact kernel and bias gradients when inputNeedsGradient is false (${c.path})`, () => {
      const expected = gradients(plainDense, c, 'relu', true, 5);
      const actual = gradients(denseForward as unknown as typeof plainDense, c, 'relu', true, 5, false);
      expect(actual.grads[0].values).toEqual(new Array(c.batch * c.inSize).fill(0));
      expect(expected.grads[0].values.some((v) => v !== 0)).toBe(true);
      expect(maxAbsDifference(actual.grads[1].values, expected.grads[1].values)).toBeLessThan(1e-5);
      expect(maxAbsDifference(actual.grads[2].values, expected.grads[2].values)).toBeLessThan(1e-5);
    });
  }

  it('runs on the wasm backend, with the one-kernel gradient', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(denseKernelsAvailable()).toBe(true);
  });
});

describe('denseForward on the cpu backend (tfjs ops, no SIMD kernels)', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  afterAll(async () => {
    await initBackend('wasm');
  });

  for (const c of [shapes[0], shapes[4], shapes[8]]) {
    it(`matches plain tfjs ops and their autodiff gradients: relu, bias, [${c.batch}x${c.inSize}]·[${c.inSize}x${c.outSize}]`, () => {
      expect(tf.getBackend()).toBe('cpu');
      expect(denseKernelsAvailable()).toBe(false);
      const expected = gradients(plainDense, c, 'relu', true, 17);
      const actual = gradients(denseForward as unknown as typeof plainDense, c, 'relu', true, 17);
      expect(maxAbsDifference(actual.value, expected.value)).toBeLessThan(1e-5);
      actual.grads.forEach((g, i) => expect(maxAbsDifference(g.values, expected.grads[i].values)).toBeLessThan(1e-5));
    });
  }
});
