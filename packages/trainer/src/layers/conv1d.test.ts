import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { numericalGradient, onBackend, sampledCoordinates } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { ParameterStore } from '../model/parameters.js';
import { SeededRandom } from '../util/random.js';
import { conv1d, Conv1DLayer, type Conv1DPadding } from './conv1d.js';

beforeAll(async () => {
  await initBackend('wasm');
});

interface Case {
  batch: number;
  seq: number;
  channels: number;
  filterSize: number;
  filters: number;
  padding: Conv1DPadding;
  activation: string | null;
}

function inputs(c: Case) {
  return {
    x: tf.tensor3d(seededValues(1, c.batch * c.seq * c.channels), [c.batch, c.seq, c.channels]),
    w: tf.tensor3d(seededValues(2, c.filterSize * c.channels * c.filters, 0.3), [c.filterSize, c.channels, c.filters]),
    b: tf.tensor1d(seededValues(3, c.filters, 0.1)),
  };
}

/** Output and the gradients [dx, dw, db] of Σ up·y, with ours or with tfjs' conv1d + bias + activation. */
function forwardAndGradients(c: Case, ours: boolean): number[][] {
  const { x, w, b } = inputs(c);
  const act = (y: tf.Tensor) => (c.activation === 'relu' ? tf.relu(y) : c.activation === 'tanh' ? tf.tanh(y) : y);
  const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => (ours
    ? conv1d(xx as tf.Tensor3D, ww as tf.Tensor3D, bb as tf.Tensor1D, { padding: c.padding, activation: c.activation })
    : act(tf.add(tf.conv1d(xx as tf.Tensor3D, ww as tf.Tensor3D, 1, c.padding), bb)));
  const y = f(x, w, b);
  const up = tf.tensor(seededValues(4, y.size), y.shape);
  const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, bb), up)))([x, w, b]);
  return [y, ...grads].map((t) => Array.from(t.dataSync()));
}

const cases: Case[] = [
  { batch: 3, seq: 11, channels: 5, filterSize: 3, filters: 16, padding: 'same', activation: 'relu' },
  { batch: 2, seq: 9, channels: 4, filterSize: 4, filters: 7, padding: 'same', activation: 'tanh' },
  { batch: 2, seq: 10, channels: 3, filterSize: 5, filters: 6, padding: 'valid', activation: null },
  { batch: 1, seq: 7, channels: 2, filterSize: 7, filters: 3, padding: 'same', activation: 'relu' },
];

describe('conv1d', () => {
  it.each(cases)('agrees with tfjs cpu conv1d forward and gradients on wasm and cpu (%o)', async (c) => {
    const reference = await onBackend('cpu', () => forwardAndGradients(c, false));
    for (const backend of ['wasm', 'cpu'] as const) {
      const ours = await onBackend(backend, () => forwardAndGradients(c, true));
      ours.forEach((values, k) => expect(maxAbsDifference(values, reference[k]), `${backend} output ${k}`).toBeLessThan(1e-4));
    }
  });

  it('keeps the length with same padding and shortens it by filterSize − 1 with valid', () => {
    tf.tidy(() => {
      const x = tf.ones([2, 10, 3]) as tf.Tensor3D;
      expect(conv1d(x, tf.ones([4, 3, 5]) as tf.Tensor3D, null, { padding: 'same', activation: null }).shape).toEqual([2, 10, 5]);
      expect(conv1d(x, tf.ones([4, 3, 5]) as tf.Tensor3D, null, { padding: 'valid', activation: null }).shape).toEqual([2, 7, 5]);
      // An even filter pads one step before and two after (PyTorch's and TensorFlow's 'same'): the first output sees x[0..2].
      expect(Array.from(conv1d(x, tf.ones([4, 3, 1]) as tf.Tensor3D, null, { padding: 'same', activation: null }).dataSync()).slice(0, 3)).toEqual([9, 12, 12]);
    });
  });

  it('has the filter gradient of central differences', () => {
    const c: Case = { batch: 2, seq: 6, channels: 3, filterSize: 3, filters: 4, padding: 'same', activation: 'tanh' };
    const { x, w, b } = inputs(c);
    const up = tf.tensor3d(seededValues(5, 2 * 6 * 4), [2, 6, 4]);
    const loss = (filter: tf.Tensor) => tf.sum(tf.mul(conv1d(x, filter as tf.Tensor3D, b, { padding: c.padding, activation: c.activation }), up));
    const analytic = tf.tidy(() => Array.from(tf.grad(loss)(w).dataSync()));
    const values = w.dataSync() as Float32Array;
    const coordinates = sampledCoordinates(values.length, 24);
    const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor3d(v, w.shape)).dataSync()[0]), values, coordinates);
    expect(maxAbsDifference(coordinates.map((i) => analytic[i]), numeric)).toBeLessThan(2e-2);
    tf.dispose([x, w, b, up]);
  });

  it('refuses a filter longer than a valid-padded sequence and a channel mismatch', () => {
    tf.tidy(() => {
      expect(() => conv1d(tf.ones([1, 3, 2]) as tf.Tensor3D, tf.ones([5, 2, 1]) as tf.Tensor3D, null, { padding: 'valid', activation: null })).toThrow(/shorter than the filter/);
      expect(() => conv1d(tf.ones([1, 3, 2]) as tf.Tensor3D, tf.ones([1, 4, 1]) as tf.Tensor3D, null, { padding: 'same', activation: null })).toThrow(/4 channels/);
    });
  });

  it('trains as a layer with a stable tensor count', () => {
    const params = new ParameterStore();
    const layer = new Conv1DLayer(params, 'conv', 5, {
      filterSize: 3, numFilters: 8, padding: 'same', activation: 'relu', useBias: true, weightsInitializer: 'xavier_uniform', biasInitializer: 'zeros',
    }, new SeededRandom(1));
    const x = tf.tensor3d(seededValues(6, 4 * 12 * 5), [4, 12, 5]);
    const variables = params.trainable().map((p) => p.variable);
    const step = () => tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(layer.apply(x), 0.5))) as tf.Scalar, variables);
      for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.1)));
      return value.dataSync()[0];
    });
    const first = step();
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 20; i++) last = step();
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first * 0.8);
    expect(tf.getBackend()).toBe('wasm');
    tf.dispose(x);
    params.dispose();
  });
});
