import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { OnnxGraph } from '../export/onnx-graph.js';
import { writeOnnxModel } from '../export/onnx-writer.js';
import { ParameterStore } from '../model/parameters.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { Conv1DLayer, conv1dOutputMask, exportConv1dOutputMask, type Conv1DPadding } from './conv1d.js';
import { embeddingLookup, exportEmbeddingLookup } from './embedding.js';
import { exportPoolOverTime, poolOverTime, type PoolMode } from './sequence-pooling.js';

beforeAll(async () => {
  await initBackend('wasm');
});

// Token ids with padding 0 at the end of each text, one text empty.
const ids = [[5, 2, 9, 9, 1, 0, 0, 0], [3, 3, 3, 3, 3, 3, 3, 3], [7, 1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]];
const [vocab, dim, filters] = [10, 6, 5];

async function expectParity(padding: Conv1DPadding, filterSize: number, activation: string, mode: PoolMode, masked: boolean): Promise<void> {
  const params = new ParameterStore();
  params.create('text.embeddings', [vocab, dim], seededValues(31, vocab * dim));
  const conv = new Conv1DLayer(params, 'text.conv_0', dim, {
    filterSize, numFilters: filters, padding, activation, useBias: true, weightsInitializer: 'xavier_uniform', biasInitializer: 'normal',
  }, new SeededRandom(2));
  const expected = tf.tidy(() => {
    const idTensor = tf.tensor2d(ids, undefined, 'int32');
    const mask = masked ? tf.cast(tf.notEqual(idTensor, 0), 'float32') as tf.Tensor2D : null;
    const h = conv.apply(embeddingLookup(params.get('text.embeddings') as tf.Tensor2D, idTensor));
    return Array.from(poolOverTime(h, mask && conv1dOutputMask(mask, filterSize, padding), mode).dataSync());
  });
  const g = new OnnxGraph(params.snapshot());
  const input = g.addInput('text', 'int64', ids[0].length);
  const mask = masked ? g.op('Cast', [input], { to: { type: 'int', value: 1 } }) : null;
  const h = conv.exportOnnx(g, exportEmbeddingLookup(g, g.param('text.embeddings'), input));
  const stepMask = mask && exportConv1dOutputMask(g, mask, ids[0].length, filterSize, padding);
  g.addOutput('pooled', exportPoolOverTime(g, h, stepMask, mode), filters);
  const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: 'sequence layers parity' }));
  const feeds = { text: new ort.Tensor('int64', BigInt64Array.from(ids.flat(), (v) => BigInt(v)), [ids.length, ids[0].length]) };
  const result = await session.run(feeds);
  const actual = Array.from(result.pooled.data as Float32Array);
  expect(maxAbsDifference(actual, expected)).toBeLessThan(1e-4);
  expect(tf.getBackend()).toBe('wasm');
  params.dispose();
}

describe('ONNX export of the sequence layers matches tfjs (embedding → conv1d → pooling over time)', () => {
  const cases = [
    ['same', 3, 'relu', 'max', true],
    ['same', 4, 'tanh', 'mean', true],
    ['valid', 3, 'relu', 'sum', true],
    ['same', 5, 'linear', 'max', false],
    ['valid', 2, 'tanh', 'mean', false],
  ] as const;
  it.each(cases)('padding %s, filter %i, %s, %s pooling, masked %s', async (...args) => {
    await expectParity(...args);
  });
});
