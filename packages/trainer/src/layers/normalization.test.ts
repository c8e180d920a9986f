import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { ParameterStore } from '../model/parameters.js';
import { SeededRandom } from '../util/random.js';
import { maxAbsDifference } from '../test-support/training-step.js';
import { createNorm } from './normalization.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const rows = 6;
const size = 4;
const random = new SeededRandom(5);
const values = (n: number) => Float32Array.from({ length: n }, () => random.nextGaussian());
const xValues = values(rows * size);
const weights = values(rows * size);
const gammaValues = values(size);
const betaValues = values(size);

/** The textbook formula, differentiated by tfjs itself. */
function reference(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, 0);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta) as tf.Tensor2D;
}

function gradients(apply: (x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor2D, gamma: tf.Variable, beta: tf.Variable) {
  const x = tf.variable(tf.tensor2d(xValues, [rows, size]));
  const loss = () => tf.sum(tf.mul(apply(x as tf.Tensor2D, gamma, beta), tf.tensor2d(weights, [rows, size]))) as tf.Scalar;
  const { value, grads } = tf.variableGrads(loss, [x, gamma, beta]);
  const out = { loss: value.dataSync()[0], x: Array.from(grads[x.name].dataSync()), gamma: Array.from(grads[gamma.name].dataSync()), beta: Array.from(grads[beta.name].dataSync()) };
  tf.dispose([x, value, ...Object.values(grads)]);
  return out;
}

describe('batch norm', () => {
  it('matches the textbook formula and its automatic gradient while training', () => {
    const params = new ParameterStore();
    const norm = createNorm('batch', params, 'bn', size)!;
    params.get('bn.gamma').assign(tf.tensor1d(gammaValues));
    params.get('bn.beta').assign(tf.tensor1d(betaValues));
    const ctx = { training: true, rng: new SeededRandom(1) };
    const ours = gradients((x) => norm.apply(x, ctx), params.get('bn.gamma'), params.get('bn.beta'));
    const gamma = tf.variable(tf.tensor1d(gammaValues));
    const beta = tf.variable(tf.tensor1d(betaValues));
    const expected = gradients(reference, gamma, beta);
    expect(Math.abs(ours.loss - expected.loss)).toBeLessThan(1e-4);
    expect(maxAbsDifference(ours.x, expected.x)).toBeLessThan(1e-4);
    expect(maxAbsDifference(ours.gamma, expected.gamma)).toBeLessThan(1e-4);
    expect(maxAbsDifference(ours.beta, expected.beta)).toBeLessThan(1e-4);
    tf.dispose([gamma, beta]);
    params.dispose();
  });

  it('moves the running statistics toward the batch (unbiased variance) and uses them at inference', () => {
    const params = new ParameterStore();
    const norm = createNorm('batch', params, 'bn', size)!;
    const x = tf.tensor2d(xValues, [rows, size]);
    const before = tf.memory().numTensors;
    // As in a training step: the custom gradient's saved tensors are released by the backward pass.
    const { value, grads } = tf.variableGrads(() => tf.sum(norm.apply(x, { training: true, rng: new SeededRandom(1) })) as tf.Scalar, [params.get('bn.gamma')]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    const { mean, variance } = tf.moments(x, 0);
    const expectedMean = Array.from(mean.dataSync(), (m) => 0.1 * m);
    const expectedVar = Array.from(variance.dataSync(), (v) => 0.9 + (0.1 * v * rows) / (rows - 1));
    expect(maxAbsDifference(Array.from(params.get('bn.running_mean').dataSync()), expectedMean)).toBeLessThan(1e-6);
    expect(maxAbsDifference(Array.from(params.get('bn.running_var').dataSync()), expectedVar)).toBeLessThan(1e-6);
    const inference = tf.tidy(() => Array.from(norm.apply(x, { training: false, rng: new SeededRandom(1) }).dataSync()));
    const rm = expectedMean;
    const rv = expectedVar;
    const manual = Array.from(xValues, (v, i) => (v - rm[i % size]) / Math.sqrt(rv[i % size] + 1e-5));
    expect(maxAbsDifference(inference, manual)).toBeLessThan(1e-5);
    tf.dispose([x, mean, variance]);
    params.dispose();
  });
});
