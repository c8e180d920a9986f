import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { OnnxGraph } from '../export/onnx-graph.js';
import { writeOnnxModel } from '../export/onnx-writer.js';
import { numericalGradient, sampledCoordinates, tensorCountChange } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { convTranspose2x2, exportConvTranspose2x2 } from './conv-transpose2d.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const [n, h, w, c, o] = [2, 3, 2, 4, 5];

/** ConvTranspose2d (kernel 2, stride 2) by its definition: each input pixel scatters its 2×2 block. */
function reference(x: Float32Array, kernel: Float32Array, bias: Float32Array): Float32Array {
  const out = new Float32Array(n * 2 * h * 2 * w * o);
  for (let b = 0; b < n; b++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let a = 0; a < 2; a++) for (let d = 0; d < 2; d++) {
    for (let k = 0; k < o; k++) {
      let sum = bias[k];
      for (let ch = 0; ch < c; ch++) sum += x[((b * h + i) * w + j) * c + ch] * kernel[ch * 4 * o + (a * 2 + d) * o + k];
      out[((b * 2 * h + 2 * i + a) * 2 * w + 2 * j + d) * o + k] = sum;
    }
  }
  return out;
}

describe('convTranspose2x2 (PyTorch ConvTranspose2d, kernel 2, stride 2)', () => {
  const x = seededValues(1, n * h * w * c);
  const kernel = seededValues(2, c * 4 * o, 0.5);
  const bias = seededValues(3, o);
  const run = (xv: Float32Array, kv: Float32Array, bv: Float32Array) =>
    convTranspose2x2(tf.tensor4d(xv, [n, h, w, c]), tf.tensor2d(kv, [c, 4 * o]), tf.tensor1d(bv));
  // A fixed weighting of the outputs makes a scalar loss whose gradient reaches every output.
  const weights = seededValues(4, n * 2 * h * 2 * w * o);
  const loss = (xv: Float32Array, kv: Float32Array, bv: Float32Array) => tf.tidy(() => tf.sum(tf.mul(run(xv, kv, bv), tf.tensor4d(weights, [n, 2 * h, 2 * w, o]))).dataSync()[0]);

  it('computes the definition', () => {
    const actual = tf.tidy(() => run(x, kernel, bias).dataSync());
    expect(maxAbsDifference(actual, reference(x, kernel, bias))).toBeLessThan(1e-5);
  });

  it('has the gradients of central differences for the input, kernel and bias', () => {
    const grads = tf.tidy(() => {
      const f = (xt: tf.Tensor, kt: tf.Tensor, bt: tf.Tensor) => tf.sum(tf.mul(convTranspose2x2(xt as tf.Tensor4D, kt as tf.Tensor2D, bt as tf.Tensor1D), tf.tensor4d(weights, [n, 2 * h, 2 * w, o])));
      return tf.grads(f)([tf.tensor4d(x, [n, h, w, c]), tf.tensor2d(kernel, [c, 4 * o]), tf.tensor1d(bias)]).map((t) => t.dataSync());
    });
    const checks: [Float32Array, (v: Float32Array) => number, ArrayLike<number>][] = [
      [x, (v) => loss(v, kernel, bias), grads[0]],
      [kernel, (v) => loss(x, v, bias), grads[1]],
      [bias, (v) => loss(x, kernel, v), grads[2]],
    ];
    for (const [values, f, analytic] of checks) {
      const coordinates = sampledCoordinates(values.length, 12);
      const numeric = numericalGradient(f, values, coordinates);
      coordinates.forEach((i, k) => expect(Math.abs(analytic[i] - numeric[k])).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric[k]))));
    }
  });

  it('leaks no tensors', () => {
    expect(tensorCountChange(() => tf.tidy(() => { run(x, kernel, bias); }))).toBe(0);
  });

  it('exports to an ONNX ConvTranspose that onnxruntime runs to the same values', async () => {
    const g = new OnnxGraph({ 'up.kernel': { shape: [c, 4 * o], values: kernel }, 'up.bias': { shape: [o], values: bias } } as never);
    const input = g.addInput('x', 'float32', h * w * c);
    const image = g.op('Reshape', [input, g.constant([-1, h, w, c], [4], 'int64', 'shape')]);
    const up = exportConvTranspose2x2(g, image, g.param('up.kernel'), g.param('up.bias'), c, o);
    g.addOutput('y', g.op('Reshape', [up, g.constant([0, 4 * h * w * o], [2], 'int64', 'flat')]), 4 * h * w * o);
    const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: 'conv transpose parity' }));
    const result = await session.run({ x: new ort.Tensor('float32', x, [n, h * w * c]) });
    const expected = tf.tidy(() => run(x, kernel, bias).dataSync());
    expect(maxAbsDifference(result.y.data as Float32Array, expected)).toBeLessThan(1e-5);
  });
});
