import { describe, expect, it } from 'vitest';
import { modelFeeds, runOutputs } from './model-feeds.js';

describe('modelFeeds', () => {
  it('makes one [rows, width] tensor per model input, with its dtype and values', () => {
    const values = new Float32Array([1, 2, 3, 4, 5, 6]);
    const ids = new Int32Array([7, 8]);
    const feeds = modelFeeds([{ name: '__passthrough__', dtype: 'float32', width: 3, features: ['x1', 'x2', 'x3'], values }, { name: 'color', dtype: 'int32', width: 1, features: ['color'], values: ids }], 2,
      (dtype, data, dims) => ({ dtype, data, dims }));
    expect(feeds).toEqual({ __passthrough__: { dtype: 'float32', data: values, dims: [2, 3] }, color: { dtype: 'int32', data: ids, dims: [2, 1] } });
  });
});

describe('runOutputs', () => {
  it('reads each named output as float32 values with the width of its second dimension (1 for a vector of rows)', () => {
    const probabilities = new Float32Array([0.1, 0.9, 0.7, 0.3]);
    const amount = new Float32Array([1.5, -2]);
    const out = runOutputs({ kind: { data: probabilities, dims: [2, 2] }, amount: { data: amount, dims: [2] }, unused: { data: new Float32Array(0), dims: [0] } }, ['kind', 'amount'], 2);
    expect(out).toEqual({ kind: { values: probabilities, width: 2 }, amount: { values: amount, width: 1 } });
  });

  it('gives width 0 for a run of no rows', () => {
    expect(runOutputs({ kind: { data: new Float32Array(0), dims: [0, 3] } }, ['kind'], 0)).toEqual({ kind: { values: new Float32Array(0), width: 0 } });
  });
});
