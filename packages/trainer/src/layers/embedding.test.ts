import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { maxAbsDifference, seededMatrix } from '../test-support/training-step.js';
import { embeddingLookup } from './embedding.js';
import { numericalGradient, onBackend, sampledCoordinates, tensorCountChange } from '../test-support/gradient-check.js';
import { seededValues } from '../test-support/training-step.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('embeddingLookup', () => {
  // Id 2 appears three times and 0 twice; ids 1 and 3 never: their rows get no gradient.
  const ids = [0, 2, 2, 4, 2, 0];

  it('returns the rows of the table for each id', () => {
    tf.tidy(() => {
      const table = tf.tensor2d([[0, 1], [10, 11], [20, 21], [30, 31], [40, 41]]);
      expect(Array.from(embeddingLookup(table, tf.tensor1d([3, 0, 3], 'int32')).dataSync())).toEqual([30, 31, 0, 1, 30, 31]);
    });
  });

  it('has the table gradient of the one-hot matmul formulation, summing duplicate ids', () => {
    const { lookupGrad, oneHotGrad, upstream } = tf.tidy(() => {
      const table = seededMatrix(3, 5, 3);
      const idTensor = tf.tensor1d(ids, 'int32');
      const up = seededMatrix(4, ids.length, 3);
      const viaLookup = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t as tf.Tensor2D, idTensor), up)))(table);
      const viaOneHot = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.matMul(tf.oneHot(idTensor, 5).toFloat(), t as tf.Tensor2D), up)))(table);
      return { lookupGrad: Array.from(viaLookup.dataSync()), oneHotGrad: Array.from(viaOneHot.dataSync()), upstream: Array.from(up.dataSync()) };
    });
    expect(maxAbsDifference(lookupGrad, oneHotGrad)).toBeLessThan(1e-6);
    // Row 2 is the sum of the upstream rows 1, 2 and 4; rows 1 and 3 are zero.
    const row = (r: number) => upstream.slice(r * 3, r * 3 + 3);
    const expectedRow2 = [0, 1, 2].map((j) => row(1)[j] + row(2)[j] + row(4)[j]);
    expect(maxAbsDifference(lookupGrad.slice(6, 9), expectedRow2)).toBeLessThan(1e-6);
    expect(lookupGrad.slice(3, 6)).toEqual([0, 0, 0]);
    expect(lookupGrad.slice(9, 12)).toEqual([0, 0, 0]);
    expect(tf.getBackend()).toBe('wasm');
  });

  // A text batch: ids [batch, seq] with padding 0 and repeats, widths with and without a SIMD tail.
  const textIds = [[3, 1, 4, 1, 5, 0, 0], [2, 6, 5, 3, 5, 8, 0], [0, 0, 0, 0, 0, 0, 0]];
  const vocab = 9;

  function tableGradient(dim: number, viaTfjsGather: boolean): number[] {
    const table = tf.tensor2d(seededValues(11, vocab * dim), [vocab, dim]);
    const ids = tf.tensor2d(textIds, undefined, 'int32');
    const up = tf.tensor3d(seededValues(12, 3 * 7 * dim), [3, 7, dim]);
    const lookup = (t: tf.Tensor) => (viaTfjsGather ? tf.gather(t, ids) : embeddingLookup(t as tf.Tensor2D, ids));
    return Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(lookup(t), up)))(table).dataSync());
  }

  it.each([1, 7, 16, 50])('has tfjs cpu gather\'s table gradient for [batch, seq] ids on wasm and cpu (dim %i)', async (dim) => {
    const reference = await onBackend('cpu', () => tableGradient(dim, true));
    const onWasm = await onBackend('wasm', () => tableGradient(dim, false));
    const onCpu = await onBackend('cpu', () => tableGradient(dim, false));
    expect(maxAbsDifference(onWasm, reference)).toBeLessThan(1e-5);
    expect(maxAbsDifference(onCpu, reference)).toBeLessThan(1e-5);
    // Padding id 0 appears 10 times and is trained like any id (Ludwig's nn.Embedding has no padding_idx); 7 never appears.
    expect(reference.slice(0, dim).some((v) => v !== 0)).toBe(true);
    expect(onWasm.slice(7 * dim, 8 * dim)).toEqual(new Array(dim).fill(0));
  });

  it('returns [batch, seq, dim] and matches central differences of the loss', () => {
    const dim = 5;
    const values = seededValues(13, vocab * dim);
    const ids = tf.tensor2d(textIds, undefined, 'int32');
    const up = tf.tensor3d(seededValues(14, 3 * 7 * dim), [3, 7, dim]);
    const loss = (v: Float32Array) => tf.tidy(() => tf.sum(tf.mul(tf.square(embeddingLookup(tf.tensor2d(v, [vocab, dim]), ids)), up)).dataSync()[0]);
    const analytic = tf.tidy(() => Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(embeddingLookup(t as tf.Tensor2D, ids)), up)))(tf.tensor2d(values, [vocab, dim])).dataSync()));
    expect(tf.tidy(() => embeddingLookup(tf.tensor2d(values, [vocab, dim]), ids).shape)).toEqual([3, 7, dim]);
    const coordinates = sampledCoordinates(values.length, 20);
    const numeric = numericalGradient(loss, values, coordinates);
    expect(maxAbsDifference(coordinates.map((i) => analytic[i]), numeric)).toBeLessThan(2e-2);
    tf.dispose([ids, up]);
  });

  it('refuses ids outside the table in the forward pass, with the id named', () => {
    tf.tidy(() => {
      expect(() => embeddingLookup(tf.zeros([4, 2]) as tf.Tensor2D, tf.tensor2d([[1, 4]], undefined, 'int32'))).toThrow(/index value 4/);
    });
  });

  it('leaves no tensor behind across training steps', () => {
    const table = tf.variable(tf.tidy(() => tf.tensor2d(seededValues(15, vocab * 6), [vocab, 6])));
    const ids = tf.tensor2d(textIds, undefined, 'int32');
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(embeddingLookup(table as tf.Tensor2D, ids))), [table]);
      table.assign(tf.sub(table, tf.mul(grads[table.name], 0.01)));
    });
    expect(tensorCountChange(step)).toBe(0);
    tf.dispose([table, ids]);
  });
});
