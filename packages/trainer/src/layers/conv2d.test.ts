import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { numericalGradient, onBackend, sampledCoordinates, tensorCountChange } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { conv2d, conv2dPads, pool2d, type Conv2DPadding, type Pool2DOptions } from './conv2d.js';

beforeAll(async () => {
  await initBackend('wasm');
});

interface ConvCase {
  batch: number;
  height: number;
  width: number;
  channels: number;
  filters: number;
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: Conv2DPadding;
  activation: string | null;
}

function convInputs(c: ConvCase) {
  return {
    x: tf.tensor4d(seededValues(1, c.batch * c.height * c.width * c.channels), [c.batch, c.height, c.width, c.channels]),
    w: tf.tensor4d(seededValues(2, c.kernel[0] * c.kernel[1] * c.channels * c.filters, 0.3), [c.kernel[0], c.kernel[1], c.channels, c.filters]),
    b: tf.tensor1d(seededValues(3, c.filters, 0.1)),
  };
}

/** Output and the gradients [dx, dw, db] of Σ up·y, with ours or with tfjs' conv2d + bias + activation. */
function convForwardAndGradients(c: ConvCase, ours: boolean): number[][] {
  const { x, w, b } = convInputs(c);
  const act = (y: tf.Tensor) => (c.activation === 'relu' ? tf.relu(y) : c.activation === 'tanh' ? tf.tanh(y) : y);
  const [top, left, bottom, right] = conv2dPads(c);
  const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => (ours
    ? conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, bb as tf.Tensor1D, c)
    : act(tf.add(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, [[0, 0], [top, bottom], [left, right], [0, 0]], 'NHWC', c.dilation), bb)));
  const y = f(x, w, b);
  // tfjs has no gradient of a dilated conv2d: the dilated case is checked against central differences below.
  if (!ours && c.dilation.some((d) => d > 1)) return [Array.from(y.dataSync())];
  const up = tf.tensor(seededValues(4, y.size), y.shape);
  const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, bb), up)))([x, w, b]);
  return [y, ...grads].map((t) => Array.from(t.dataSync()));
}

const convCases: ConvCase[] = [
  { batch: 2, height: 8, width: 8, channels: 1, filters: 4, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: 'valid', activation: 'relu' },
  { batch: 2, height: 7, width: 9, channels: 3, filters: 5, kernel: [3, 2], stride: [1, 1], dilation: [1, 1], padding: 'same', activation: 'tanh' },
  { batch: 1, height: 9, width: 8, channels: 2, filters: 3, kernel: [3, 3], stride: [2, 3], dilation: [1, 1], padding: 1, activation: null },
  { batch: 2, height: 10, width: 10, channels: 4, filters: 6, kernel: [3, 3], stride: [1, 1], dilation: [2, 2], padding: [2, 1], activation: 'relu' },
  { batch: 1, height: 6, width: 6, channels: 17, filters: 16, kernel: [2, 2], stride: [2, 2], dilation: [1, 1], padding: 'valid', activation: 'relu' },
];

describe('conv2d', () => {
  it.each(convCases)("agrees with tfjs cpu conv2d's forward and gradients on wasm and cpu (%o)", async (c) => {
    const reference = await onBackend('cpu', () => convForwardAndGradients(c, false));
    for (const backend of ['wasm', 'cpu'] as const) {
      const ours = await onBackend(backend, () => convForwardAndGradients(c, true));
      ours.slice(0, reference.length).forEach((values, k) => {
        expect(values.length, `${backend} output ${k} size`).toBe(reference[k].length);
        expect(maxAbsDifference(values, reference[k]), `${backend} output ${k}`).toBeLessThan(1e-4);
      });
    }
  });

  it.each([convCases[1], { ...convCases[3], activation: 'tanh' }])('has the filter and input gradients of central differences (%o)', (c) => {
    const { x, w, b } = convInputs(c);
    const up = tf.tidy(() => tf.tensor(seededValues(5, conv2d(x, w, b, c).size), conv2d(x, w, b, c).shape));
    const lossOfFilter = (filter: tf.Tensor) => tf.sum(tf.mul(conv2d(x, filter as tf.Tensor4D, b, c), up));
    const lossOfInput = (input: tf.Tensor) => tf.sum(tf.mul(conv2d(input as tf.Tensor4D, w, b, c), up));
    for (const [loss, at] of [[lossOfFilter, w], [lossOfInput, x]] as const) {
      const analytic = tf.tidy(() => Array.from(tf.grad(loss)(at).dataSync()));
      const values = at.dataSync() as Float32Array;
      const coordinates = sampledCoordinates(values.length, 24);
      const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor(v, at.shape)).dataSync()[0]), values, coordinates);
      expect(maxAbsDifference(coordinates.map((i) => analytic[i]), numeric)).toBeLessThan(2e-2);
    }
    expect(tf.getBackend()).toBe('wasm');
    tf.dispose([x, w, b, up]);
  });

  it("pads 'same' with the odd zero after, as PyTorch, and refuses 'same' with a stride", () => {
    tf.tidy(() => {
      const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
      const y = conv2d(x, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, null, { kernel: [2, 2], stride: [1, 1], dilation: [1, 1], padding: 'same', activation: null });
      expect(y.shape).toEqual([1, 4, 4, 1]);
      // The first output sees x[0..1, 0..1] (no zero before), the last row and column one zero after.
      expect(Array.from(y.dataSync())).toEqual([4, 4, 4, 2, 4, 4, 4, 2, 4, 4, 4, 2, 2, 2, 2, 1]);
      expect(() => conv2d(x, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, null, { kernel: [3, 3], stride: [2, 2], dilation: [1, 1], padding: 'same', activation: null }))
        .toThrow(/'same' needs stride 1/);
    });
  });

  it('refuses a kernel larger than the feature map and a channel mismatch', () => {
    tf.tidy(() => {
      const options = { kernel: [5, 5] as [number, number], stride: [1, 1] as [number, number], dilation: [1, 1] as [number, number], padding: 'valid' as const, activation: null };
      expect(() => conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([5, 5, 1, 1]) as tf.Tensor4D, null, options)).toThrow(/3×3 feature map is smaller than the 5×5 kernel/);
      expect(() => conv2d(tf.ones([1, 6, 6, 2]) as tf.Tensor4D, tf.ones([5, 5, 3, 1]) as tf.Tensor4D, null, options)).toThrow(/3 channels, the input has 2/);
    });
  });

  it('keeps the tensor count through training steps', () => {
    const c = convCases[0];
    const { x, w, b } = convInputs(c);
    const wv = tf.variable(w);
    const bv = tf.variable(b);
    const change = tensorCountChange(() => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mean(tf.square(pool2d(conv2d(x, wv as tf.Tensor4D, bv as tf.Tensor1D, c), { mode: 'max', kernel: [2, 2], stride: [2, 2] }))) as tf.Scalar, [wv, bv]);
      wv.assign(tf.sub(wv, tf.mul(grads[wv.name], 0.01)));
    }));
    expect(change).toBe(0);
    tf.dispose([x, w, b, wv, bv]);
  });
});

interface PoolCase extends Pool2DOptions {
  batch: number;
  height: number;
  width: number;
  channels: number;
}

function poolForwardAndGradient(c: PoolCase, ours: boolean): number[][] {
  const x = tf.tensor4d(seededValues(7, c.batch * c.height * c.width * c.channels), [c.batch, c.height, c.width, c.channels]);
  const f = (xx: tf.Tensor) => (ours ? pool2d(xx as tf.Tensor4D, c) : (c.mode === 'max' ? tf.maxPool : tf.avgPool)(xx as tf.Tensor4D, c.kernel, c.stride, 'valid'));
  const y = f(x);
  const up = tf.tensor(seededValues(8, y.size), y.shape);
  const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx), up)))(x);
  return [y, dx].map((t) => Array.from(t.dataSync()));
}

const poolCases: PoolCase[] = [
  { batch: 2, height: 8, width: 8, channels: 3, mode: 'max', kernel: [2, 2], stride: [2, 2] },
  { batch: 2, height: 7, width: 9, channels: 2, mode: 'max', kernel: [3, 3], stride: [2, 2] },
  { batch: 1, height: 9, width: 7, channels: 4, mode: 'avg', kernel: [2, 3], stride: [2, 1] },
  { batch: 2, height: 6, width: 6, channels: 5, mode: 'avg', kernel: [3, 3], stride: [3, 3] },
];

describe('pool2d', () => {
  it.each(poolCases)("agrees with tfjs cpu maxPool/avgPool forward and gradient on wasm and cpu (%o)", async (c) => {
    const reference = await onBackend('cpu', () => poolForwardAndGradient(c, false));
    for (const backend of ['wasm', 'cpu'] as const) {
      const ours = await onBackend(backend, () => poolForwardAndGradient(c, true));
      ours.forEach((values, k) => expect(maxAbsDifference(values, reference[k]), `${backend} output ${k}`).toBeLessThan(1e-5));
    }
  });

  it('has the input gradient of central differences (average pooling; max is piecewise linear)', () => {
    const c = poolCases[2];
    const x = tf.tensor4d(seededValues(9, c.batch * c.height * c.width * c.channels), [c.batch, c.height, c.width, c.channels]);
    const up = tf.tidy(() => tf.tensor(seededValues(10, pool2d(x, c).size), pool2d(x, c).shape));
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(tf.tanh(pool2d(input as tf.Tensor4D, c)), up));
    const analytic = tf.tidy(() => Array.from(tf.grad(loss)(x).dataSync()));
    const values = x.dataSync() as Float32Array;
    const coordinates = sampledCoordinates(values.length, 30);
    const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor(v, x.shape)).dataSync()[0]), values, coordinates);
    expect(maxAbsDifference(coordinates.map((i) => analytic[i]), numeric)).toBeLessThan(1e-2);
    tf.dispose([x, up]);
  });

  it('lets NaN win a max window, so a diverging model shows', () => {
    tf.tidy(() => {
      const y = pool2d(tf.tensor4d([1, NaN, 3, 2], [1, 2, 2, 1]), { mode: 'max', kernel: [2, 2], stride: [2, 2] });
      expect(Number.isNaN(y.dataSync()[0])).toBe(true);
    });
  });
});
