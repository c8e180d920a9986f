import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import type { ProcessedDataset } from '../preprocessing/index.js';
import { disposeBatch, makeBatch, rowMajorStack } from './batches.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const rowCount = 7;
const column = (offset: number) => ({ dtype: 'float32' as const, width: 1, values: Float32Array.from({ length: rowCount }, (_, r) => offset + r) });
const dataset: ProcessedDataset = {
  rowCount,
  features: {
    a: column(0),
    b: column(100),
    c: column(200),
    cat: { dtype: 'int32', width: 1, values: Int32Array.from({ length: rowCount }, (_, r) => r % 3) },
  },
  split: new Uint8Array(rowCount),
  sourceRows: Int32Array.from({ length: rowCount }, (_, r) => r),
};
const stack = { key: '__stacked', features: ['a', 'c', 'b'] };

describe('makeBatch', () => {
  it('stacks the stacked features in stack order, for any row order, the same with or without the row-major copy', () => {
    const rows = [5, 0, 3, 3, 6];
    const matrix = rowMajorStack(dataset, stack);
    expect(Array.from(matrix!.subarray(3 * 3, 4 * 3))).toEqual([3, 203, 103]);
    for (const stackedRows of [null, matrix]) {
      const batch = makeBatch(dataset, ['a', 'b', 'c', 'cat'], rows, stack, stackedRows);
      expect(Object.keys(batch).sort()).toEqual(['__stacked', 'cat']);
      expect(batch.__stacked.shape).toEqual([5, 3]);
      expect(Array.from(batch.__stacked.dataSync())).toEqual(rows.flatMap((r) => [r, 200 + r, 100 + r]));
      expect(Array.from(batch.cat.dataSync())).toEqual(rows.map((r) => r % 3));
      expect(batch.cat.dtype).toBe('int32');
      disposeBatch(batch);
    }
    expect(tf.memory().numTensors).toBe(0);
  });

  it('builds no row-major copy without stacked features', () => {
    expect(rowMajorStack(dataset, null)).toBeNull();
    expect(rowMajorStack(dataset, { key: 'k', features: [] })).toBeNull();
  });
});
