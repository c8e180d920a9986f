import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { OnnxGraph } from '../export/onnx-graph.js';
import { writeOnnxModel } from '../export/onnx-writer.js';
import { ParameterStore } from '../model/parameters.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { RecurrentStack, type RecurrentStackSpec } from './rnn-stack.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const [batch, seq, inSize] = [4, 7, 5];
// Real steps first (right padding), one row full, one with a single step.
const lengths = [7, 3, 1, 5];

async function expectParity(spec: RecurrentStackSpec): Promise<void> {
  const params = new ParameterStore();
  const stack = new RecurrentStack(params, 'text', inSize, spec, new SeededRandom(3));
  // Random biases too: a zero bias would hide a bias exported in the wrong gate.
  for (const { name, variable } of params.trainable()) variable.assign(tf.tensor(seededValues(name.length * 7, variable.size, 0.5), variable.shape));
  const xs = seededValues(11, batch * seq * inSize);
  const mask = Array.from({ length: batch * seq }, (_, k) => ((k % seq) < lengths[Math.floor(k / seq)] ? 1 : 0));
  const expected = tf.tidy(() => Array.from(stack.forward(
    tf.tensor3d(xs, [batch, seq, inSize]), tf.tensor2d(mask, [batch, seq], 'int32'), { training: false, rng: new SeededRandom(1) },
  ).dataSync()));
  const g = new OnnxGraph(params.snapshot());
  const flat = g.addInput('x', 'float32', seq * inSize);
  const lens = g.addInput('lengths', 'int32', 1);
  const x = g.op('Reshape', [flat, g.constant([-1, seq, inSize], [3], 'int64', 'shape')]);
  const lensFlat = g.op('Reshape', [lens, g.constant([-1], [1], 'int64', 'shape')]);
  const y = stack.exportOnnx(g, x, lensFlat);
  g.addOutput('y', g.op('Reshape', [y, g.constant([-1, seq * stack.outputSize], [2], 'int64', 'shape')]), seq * stack.outputSize);
  const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: 'rnn parity' }));
  const result = await session.run({
    x: new ort.Tensor('float32', xs, [batch, seq * inSize]),
    lengths: new ort.Tensor('int32', Int32Array.from(lengths), [batch, 1]),
  });
  expect(maxAbsDifference(Array.from(result.y.data as Float32Array), expected)).toBeLessThan(1e-5);
  expect(tf.getBackend()).toBe('wasm');
  params.dispose();
}

const base: RecurrentStackSpec = {
  cell: 'lstm', stateSize: 6, numLayers: 1, bidirectional: false, activation: 'tanh', recurrentActivation: 'sigmoid',
  useBias: true, unitForgetBias: true, weightsInitializer: 'xavier_uniform', recurrentInitializer: 'orthogonal', biasInitializer: 'zeros', dropout: 0,
};

describe('ONNX export of recurrent stacks matches tfjs (masks as sequence_lens)', () => {
  const cases: [string, Partial<RecurrentStackSpec>][] = [
    ['lstm', {}],
    ['bidirectional 2-layer lstm', { bidirectional: true, numLayers: 2 }],
    ['bidirectional gru (linear_before_reset)', { cell: 'gru', bidirectional: true, stateSize: 5 }],
    ['2-layer gru', { cell: 'gru', numLayers: 2 }],
    ['rnn with relu', { cell: 'rnn', activation: 'relu', bidirectional: true }],
    ['lstm with relu and tanh gates', { activation: 'relu', recurrentActivation: 'tanh', stateSize: 4 }],
  ];
  it.each(cases)('%s', async (_name, spec) => {
    await expectParity({ ...base, ...spec });
  });
});
