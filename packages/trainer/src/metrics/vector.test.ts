import { describe, expect, it } from 'vitest';
import { vectorEvaluator } from './vector.js';

const targets = Float32Array.from([1, 10, 2, 20, 3, 30]);

describe('vector statistics', () => {
  it('gives r2 = 1 for perfect predictions', () => {
    expect(vectorEvaluator.statistics({ predictions: targets, targets, size: 2 }, {}).r2).toBe(1);
  });

  it('averages r2 uniformly over dimensions', () => {
    // Dimension 0 perfect (1), dimension 1 predicts its mean 20 (0).
    const predictions = Float32Array.from([1, 20, 2, 20, 3, 20]);
    const stats = vectorEvaluator.statistics({ predictions, targets, size: 2 }, {});
    expect(stats.r2).toBe(0.5);
    // Errors 0, −10, 0, 0, 0, +10 over 6 elements.
    expect(stats.mean_squared_error).toBeCloseTo(200 / 6, 12);
    expect(stats.mean_absolute_error).toBeCloseTo(20 / 6, 12);
    expect(stats.loss).toBe(stats.mean_squared_error);
  });

  it('skips constant dimensions in r2', () => {
    const constant = Float32Array.from([1, 5, 2, 5, 3, 5]);
    const predictions = Float32Array.from([1, 4, 2, 6, 3, 5]);
    expect(vectorEvaluator.statistics({ predictions, targets: constant, size: 2 }, {}).r2).toBe(1);
  });

  it('rejects values that do not split into rows', () => {
    expect(() => vectorEvaluator.statistics({ predictions: targets, targets, size: 4 }, {})).toThrow(/rows of size 4/);
  });
});
