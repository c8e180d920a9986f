import { describe, expect, it } from 'vitest';
import { keyToScore, sortScores } from './sort.js';

describe('sortScores', () => {
  it('orders floats like a numeric sort, negatives and ties included', () => {
    const values = Float32Array.from([0.5, -2, 3.25, 0, -0, 0.5, 1e-30, -1e-30, 7, -7]);
    const { keys, rows } = sortScores(values, values.length);
    const sorted = Array.from(rows, (r) => values[r] + 0);
    expect(sorted).toEqual(Array.from(values).map((v) => v + 0).sort((a, b) => a - b));
    expect(Array.from(keys, keyToScore)).toEqual(sorted);
  });

  it('is stable, so tied rows keep their order', () => {
    const { rows } = sortScores(Float32Array.from([1, 0, 1, 0]), 4);
    expect(Array.from(rows)).toEqual([1, 3, 0, 2]);
  });

  it('reads a strided column', () => {
    // Column 1 of a [3, 2] matrix.
    const { rows } = sortScores(Float32Array.from([0, 0.9, 0, 0.1, 0, 0.5]), 3, 2, 1);
    expect(Array.from(rows)).toEqual([1, 2, 0]);
  });

  it('sorts 10 000 random values exactly like Array.prototype.sort', () => {
    let seed = 1;
    const values = new Float32Array(10_000);
    for (let i = 0; i < values.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      values[i] = (seed / 2147483648) * 2 - 1;
    }
    const { rows } = sortScores(values, values.length);
    expect(Array.from(rows, (r) => values[r])).toEqual(Array.from(values).sort((a, b) => a - b));
  });
});
