import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { OnnxGraph } from '../export/onnx-graph.js';
import { writeOnnxModel } from '../export/onnx-writer.js';
import { numericalGradient, onBackend, sampledCoordinates, tensorCountChange } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import {
  exportWindowPool, exportWindowPoolMask, windowPool, windowPoolLength, windowPoolMask, windowPoolSpec, windowPoolWithTensorOps, type WindowPoolSpec,
} from './window-pool.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const [batch, seq, channels] = [3, 10, 4];

// Overlapping windows (stride < size), Ludwig's 'same' padding, a stride larger than the window, a window of the whole sequence.
const specs: [string, WindowPoolSpec][] = [
  ['max 3, stride 3, same', windowPoolSpec('max', 3, null, 'same')],
  ['max 4, stride 2, same', windowPoolSpec('max', 4, 2, 'same')],
  ['average 3, stride 2, same', windowPoolSpec('average', 3, 2, 'same')],
  ['average 2, stride 3, valid', windowPoolSpec('average', 2, 3, 'valid')],
  ['max 10, valid', windowPoolSpec('max', 10, null, 'valid')],
];

function valueAndGradient(spec: WindowPoolSpec, ours: boolean): number[][] {
  return tf.tidy(() => {
    const x = tf.tensor3d(seededValues(31, batch * seq * channels), [batch, seq, channels]);
    const f = (xx: tf.Tensor) => (ours ? windowPool(xx as tf.Tensor3D, spec) : windowPoolWithTensorOps(xx as tf.Tensor3D, spec));
    const y = f(x);
    const up = tf.tensor(seededValues(32, y.size), y.shape);
    const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx), up)))(x);
    return [Array.from(y.dataSync()), Array.from(dx.dataSync())];
  });
}

describe('windowPool', () => {
  it('has PyTorch\'s output lengths', () => {
    expect(windowPoolLength(10, windowPoolSpec('max', 3, null, 'same'))).toBe(4);
    expect(windowPoolLength(10, windowPoolSpec('max', 4, 2, 'same'))).toBe(5);
    expect(windowPoolLength(256, windowPoolSpec('max', 3, null, 'same'))).toBe(86);
    expect(windowPoolLength(2, windowPoolSpec('max', 3, null, 'valid'))).toBe(0);
  });

  it.each(specs)('%s agrees with tfjs pooling on cpu, value and gradient, on wasm and cpu', async (_, spec) => {
    const [value, gradient] = await onBackend('cpu', () => valueAndGradient(spec, false));
    for (const backend of ['wasm', 'cpu'] as const) {
      const [ours, oursGradient] = await onBackend(backend, () => valueAndGradient(spec, true));
      expect(ours.length).toBe(value.length);
      expect(maxAbsDifference(ours, value), backend).toBeLessThan(1e-5);
      expect(maxAbsDifference(oursGradient, gradient), backend).toBeLessThan(1e-5);
    }
  });

  it.each(specs)('%s has the gradient of central differences', (_, spec) => {
    const values = seededValues(33, batch * seq * channels);
    const outLength = windowPoolLength(seq, spec);
    const up = tf.tensor3d(seededValues(34, batch * outLength * channels), [batch, outLength, channels]);
    const loss = (x: tf.Tensor) => tf.sum(tf.mul(tf.tanh(windowPool(x as tf.Tensor3D, spec)), up));
    const analytic = tf.tidy(() => Array.from(tf.grad(loss)(tf.tensor3d(values, [batch, seq, channels])).dataSync()));
    const coordinates = sampledCoordinates(values.length, 30);
    const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor3d(v, [batch, seq, channels])).dataSync()[0]), values, coordinates, 1e-3);
    expect(maxAbsDifference(coordinates.map((i) => analytic[i]), numeric)).toBeLessThan(2e-2);
    up.dispose();
  });

  it('refuses a window longer than the sequence', () => {
    tf.tidy(() => {
      expect(() => windowPool(tf.zeros([1, 2, 3]) as tf.Tensor3D, windowPoolSpec('max', 3, null, 'valid'))).toThrow(/a pooling of size 3 does not fit a sequence of 2 steps/);
    });
  });

  it('pools the mask: a window counts when any of its steps does', () => {
    tf.tidy(() => {
      const mask = tf.tensor2d([[1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]]);
      expect(windowPoolMask(mask, windowPoolSpec('max', 3, null, 'same')).arraySync()).toEqual([[1, 1, 0, 0], [1, 0, 0, 0]]);
    });
  });

  it('exports to ONNX: onnxruntime agrees on values and on the mask', async () => {
    for (const [name, spec] of specs) {
      const x = seededValues(35, batch * seq * channels);
      const mask = Float32Array.from({ length: batch * seq }, (_, i) => (i % seq < 3 + (i / seq | 0) ? 1 : 0));
      const [expected, expectedMask] = tf.tidy(() => [
        Array.from(windowPool(tf.tensor3d(x, [batch, seq, channels]), spec).dataSync()),
        Array.from(windowPoolMask(tf.tensor2d(mask, [batch, seq]), spec).dataSync()),
      ]);
      const outLength = windowPoolLength(seq, spec);
      const g = new OnnxGraph({});
      const x3 = g.op('Reshape', [g.addInput('x', 'float32', seq * channels), g.constant([-1, seq, channels], [3], 'int64', 'shape')]);
      const pooled = exportWindowPool(g, x3, spec);
      g.addOutput('y', g.op('Reshape', [pooled, g.constant([-1, outLength * channels], [2], 'int64', 'shape')]), outLength * channels);
      g.addOutput('m', exportWindowPoolMask(g, g.addInput('mask', 'float32', seq), spec), outLength);
      const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: 'window pool parity' }));
      const out = await session.run({ x: new ort.Tensor('float32', x, [batch, seq * channels]), mask: new ort.Tensor('float32', mask, [batch, seq]) });
      expect(maxAbsDifference(Array.from(out.y.data as Float32Array), expected), name).toBeLessThan(1e-6);
      expect(Array.from(out.m.data as Float32Array), name).toEqual(expectedMask);
      await session.release();
    }
  });

  it('leaves no tensor behind across steps', () => {
    const x = tf.variable(tf.tidy(() => tf.tensor3d(seededValues(36, batch * seq * channels), [batch, seq, channels])));
    const step = () => tf.tidy(() => {
      const loss = () => tf.add(tf.sum(windowPool(x, specs[0][1])), tf.sum(windowPool(x, specs[2][1]))) as tf.Scalar;
      const { grads } = tf.variableGrads(loss, [x]);
      x.assign(tf.sub(x, tf.mul(grads[x.name], 0.01)));
    });
    expect(tensorCountChange(step)).toBe(0);
    x.dispose();
  });
});
