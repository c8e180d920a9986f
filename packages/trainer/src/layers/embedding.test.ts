import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { maxAbsDifference, seededMatrix } from '../test-support/training-step.js';
import { embeddingLookup } from './embedding.js';

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
});
