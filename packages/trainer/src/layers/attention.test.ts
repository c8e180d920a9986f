import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { OnnxGraph } from '../export/onnx-graph.js';
import { writeOnnxModel } from '../export/onnx-writer.js';
import { ParameterStore } from '../model/parameters.js';
import { numericalGradient, onBackend, sampledCoordinates, tensorCountChange } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { maskedSoftmax, maskedSoftmaxWithTensorOps, MultiHeadSelfAttention } from './attention.js';
import { PositionEmbedding, TransformerStack } from './transformer.js';
import { createSequenceReducer } from './attention-reducer.js';

beforeAll(async () => {
  await initBackend('wasm');
});

// Three texts of 5 steps: one full, one with 2 padded steps, one with no step at all.
const keyMask = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [0, 0, 0, 0, 0]];
const [batch, heads, seq] = [3, 2, 5];

function softmaxCase(viaKernel: boolean, masked: boolean): { p: number[]; grad: number[] } {
  const scores = tf.tensor(seededValues(3, batch * heads * seq * seq, 2), [batch, heads * seq, seq]);
  const upstream = tf.tensor(seededValues(4, batch * heads * seq * seq), scores.shape);
  const mask = masked ? tf.tensor2d(keyMask) : null;
  const f = (s: tf.Tensor) => (viaKernel ? maskedSoftmax(s, mask, 0.7) : maskedSoftmaxWithTensorOps(s, mask, 0.7));
  const p = Array.from(f(scores).dataSync());
  const grad = Array.from(tf.grad((s: tf.Tensor) => tf.sum(tf.mul(f(s), upstream)))(scores).dataSync());
  return { p, grad };
}

describe('maskedSoftmax', () => {
  it.each([true, false])('matches tfjs cpu softmax ops forward and backward on wasm and cpu (masked %s)', async (masked) => {
    const reference = await onBackend('cpu', () => softmaxCase(false, masked));
    for (const backend of ['wasm', 'cpu'] as const) {
      const actual = await onBackend(backend, () => softmaxCase(true, masked));
      expect(maxAbsDifference(actual.p, reference.p), backend).toBeLessThan(1e-6);
      expect(maxAbsDifference(actual.grad, reference.grad), backend).toBeLessThan(1e-6);
    }
  });

  it('gives masked keys probability 0, rows sum to 1, and a row with no key all 0', () => {
    const p = tf.tidy(() => Array.from(maskedSoftmax(tf.tensor(seededValues(5, 3 * 2 * 5), [3, 2, 5]), tf.tensor2d(keyMask), 1).dataSync()));
    const row = (r: number) => p.slice(r * 5, r * 5 + 5);
    expect(row(0).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(row(2).slice(3)).toEqual([0, 0]);
    expect(row(3).slice(0, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(row(4)).toEqual([0, 0, 0, 0, 0]);
    expect(row(5)).toEqual([0, 0, 0, 0, 0]);
  });

  it('refuses a mask of the wrong shape', () => {
    expect(() => tf.tidy(() => maskedSoftmax(tf.zeros([2, 3, 4]), tf.ones([2, 3]) as tf.Tensor2D, 1))).toThrow(/the mask is \[2,3\] for scores of \[2,3,4\]/);
  });
});

const [inputSize, hidden] = [4, 6];

function buildStack(numLayers = 2) {
  const params = new ParameterStore();
  const rng = new SeededRandom(7);
  const positions = new PositionEmbedding(params, 'enc.position', seq, hidden, rng);
  const stack = new TransformerStack(params, 'enc.transformer', { numLayers, hiddenSize: hidden, numHeads: 3, feedForwardSize: 5, dropout: 0 }, rng);
  return { params, positions, stack };
}

const ctx = { training: false, rng: new SeededRandom(1) };

describe('MultiHeadSelfAttention', () => {
  it('has the input and weight gradients of central differences on wasm (with a key mask)', () => {
    const params = new ParameterStore();
    const attention = new MultiHeadSelfAttention(params, 'att', inputSize, hidden, new SeededRandom(3), {
      numHeads: 2, useBias: true, weightsInitializer: 'xavier_uniform', biasInitializer: 'normal',
    });
    const x0 = seededValues(8, batch * seq * inputSize);
    const up = tf.tensor2d(seededValues(9, batch * seq * hidden), [batch * seq, hidden]);
    const mask = tf.tensor2d(keyMask);
    const loss = (x: tf.Tensor) => tf.sum(tf.mul(attention.forward(x as tf.Tensor2D, batch, seq, mask), up));
    const analytic = tf.tidy(() => Array.from(tf.grad(loss)(tf.tensor2d(x0, [batch * seq, inputSize])).dataSync()));
    const coords = sampledCoordinates(x0.length, 20);
    const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor2d(v, [batch * seq, inputSize])).dataSync()[0]), x0, coords);
    expect(maxAbsDifference(coords.map((i) => analytic[i]), numeric)).toBeLessThan(2e-2);
    // A padded key changes nothing: its input only reaches the outputs through its own query.
    const keyKernel = params.get('att.key.kernel');
    const weightGrad = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => loss(tf.tensor2d(x0, [batch * seq, inputSize])) as tf.Scalar, [keyKernel]);
      return Array.from(Object.values(grads)[0].dataSync());
    });
    const k0 = keyKernel.dataSync() as Float32Array;
    const kCoords = sampledCoordinates(k0.length, 8);
    const kNumeric = numericalGradient((v) => tf.tidy(() => {
      keyKernel.assign(tf.tensor(v, keyKernel.shape));
      return loss(tf.tensor2d(x0, [batch * seq, inputSize])).dataSync()[0];
    }), Float32Array.from(k0), kCoords);
    tf.tidy(() => keyKernel.assign(tf.tensor(k0, keyKernel.shape)));
    expect(maxAbsDifference(kCoords.map((i) => weightGrad[i]), kNumeric)).toBeLessThan(2e-2);
    expect(tf.getBackend()).toBe('wasm');
    tf.dispose([up, mask]);
    params.dispose();
  });

  it('ignores the tokens a mask removes', () => {
    const params = new ParameterStore();
    const attention = new MultiHeadSelfAttention(params, 'att', inputSize, hidden, new SeededRandom(3), {
      numHeads: 3, useBias: true, weightsInitializer: 'xavier_uniform', biasInitializer: 'zeros',
    });
    const [a, b] = tf.tidy(() => {
      const x = seededValues(8, seq * inputSize);
      const changed = Float32Array.from(x);
      for (let i = 3 * inputSize; i < changed.length; i++) changed[i] += 5;
      const mask = tf.tensor2d([keyMask[1]]);
      const run = (v: Float32Array) => Array.from(attention.forward(tf.tensor2d(v, [seq, inputSize]), 1, seq, mask).dataSync()).slice(0, 3 * hidden);
      return [run(x), run(changed)];
    });
    expect(maxAbsDifference(a, b)).toBeLessThan(1e-6);
    params.dispose();
  });

  it('refuses num_heads that do not divide hidden_size', () => {
    const params = new ParameterStore();
    expect(() => new MultiHeadSelfAttention(params, 'att', 4, 6, new SeededRandom(1), {
      numHeads: 4, useBias: true, weightsInitializer: null, biasInitializer: null,
    })).toThrow('att: hidden_size (6) must be divisible by num_heads (4)');
    params.dispose();
  });
});

describe('TransformerStack', () => {
  it('trains: its gradient matches central differences through two blocks, positions included', () => {
    const { params, positions, stack } = buildStack();
    const tokens0 = seededValues(10, batch * seq * hidden);
    const up = tf.tensor2d(seededValues(11, batch * seq * hidden), [batch * seq, hidden]);
    const mask = tf.tensor2d(keyMask);
    const loss = (t: tf.Tensor) => tf.sum(tf.mul(stack.forward(positions.add(t as tf.Tensor3D), batch, seq, mask, ctx), up));
    const analytic = tf.tidy(() => Array.from(tf.grad(loss)(tf.tensor3d(tokens0, [batch, seq, hidden])).dataSync()));
    const coords = sampledCoordinates(tokens0.length, 16);
    const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor3d(v, [batch, seq, hidden])).dataSync()[0]), tokens0, coords);
    expect(maxAbsDifference(coords.map((i) => analytic[i]), numeric)).toBeLessThan(3e-2);
    tf.dispose([up, mask]);
    params.dispose();
  });

  it('leaks no tensors over training steps', () => {
    const { params, positions, stack } = buildStack();
    const change = tensorCountChange(() => tf.tidy(() => {
      const tokens = tf.tensor3d(seededValues(10, batch * seq * hidden), [batch, seq, hidden]);
      const mask = tf.tensor2d(keyMask);
      const { grads } = tf.variableGrads(() => tf.sum(stack.forward(positions.add(tokens), batch, seq, mask, { training: true, rng: new SeededRandom(2) })) as tf.Scalar);
      tf.dispose(grads);
    }));
    expect(change).toBe(0);
    params.dispose();
  });

  it.each([true, false])('exports to ONNX with the results of tfjs (onnxruntime, key mask %s)', async (masked) => {
    const { params, positions, stack } = buildStack();
    const tokens = seededValues(12, batch * seq * hidden);
    const expected = tf.tidy(() => {
      const mask = masked ? tf.tensor2d(keyMask) : null;
      return Array.from(stack.forward(positions.add(tf.tensor3d(tokens, [batch, seq, hidden])), batch, seq, mask, ctx).dataSync());
    });
    const g = new OnnxGraph(params.snapshot());
    const flat = g.addInput('tokens', 'float32', seq * hidden);
    const x = g.op('Reshape', [flat, g.constant([0, seq, hidden], [3], 'int64', 'shape')]);
    const mask = masked ? g.addInput('mask', 'float32', seq) : null;
    const out = stack.exportOnnx(g, positions.exportOnnx(g, x), seq, mask);
    g.addOutput('hidden', g.op('Reshape', [out, g.constant([0, -1], [2], 'int64', 'shape')]), seq * hidden);
    const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: 'transformer parity' }));
    const feeds: Record<string, ort.Tensor> = { tokens: new ort.Tensor('float32', tokens, [batch, seq * hidden]) };
    if (masked) feeds.mask = new ort.Tensor('float32', Float32Array.from(keyMask.flat()), [batch, seq]);
    const actual = Array.from((await session.run(feeds)).hidden.data as Float32Array);
    expect(maxAbsDifference(actual, expected)).toBeLessThan(1e-4);
    params.dispose();
  });
});

describe('the attention reduction', () => {
  it('weights the counted steps only, and its gradient matches central differences', () => {
    const params = new ParameterStore();
    const reducer = createSequenceReducer(params, 'r', 'attention', seq, hidden, new SeededRandom(4));
    expect(reducer.outputSize).toBe(hidden);
    const mask = tf.tensor2d(keyMask.slice(0, 2));
    const x0 = seededValues(13, 2 * seq * hidden);
    const changed = Float32Array.from(x0);
    // Steps 3 and 4 of the second row are padding: changing them changes nothing.
    for (let t = 3; t < seq; t++) for (let j = 0; j < hidden; j++) changed[(seq + t) * hidden + j] += 3;
    const run = (v: Float32Array) => tf.tidy(() => Array.from(reducer.forward(tf.tensor3d(v, [2, seq, hidden]), mask).dataSync()));
    expect(maxAbsDifference(run(x0).slice(hidden), run(changed).slice(hidden))).toBeLessThan(1e-6);
    const up = tf.tensor2d(seededValues(14, 2 * hidden), [2, hidden]);
    const loss = (x: tf.Tensor) => tf.sum(tf.mul(reducer.forward(x as tf.Tensor3D, mask), up));
    const analytic = tf.tidy(() => Array.from(tf.grad(loss)(tf.tensor3d(x0, [2, seq, hidden])).dataSync()));
    const coords = sampledCoordinates(x0.length, 16);
    const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor3d(v, [2, seq, hidden])).dataSync()[0]), x0, coords);
    expect(maxAbsDifference(coords.map((i) => analytic[i]), numeric)).toBeLessThan(2e-2);
    tf.dispose([mask, up]);
    params.dispose();
  });
});
