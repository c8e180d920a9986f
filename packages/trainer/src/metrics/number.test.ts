import { describe, expect, it } from 'vitest';
import { numberEvaluator } from './number.js';

const f32 = (values: number[]) => Float32Array.from(values);

describe('number statistics', () => {
  it('gives r2 = 1 for perfect predictions', () => {
    const stats = numberEvaluator.statistics({ predictions: f32([1, 2, 3, 4]), targets: f32([1, 2, 3, 4]) }, {});
    expect(stats.r2).toBe(1);
    expect(stats.mean_squared_error).toBe(0);
  });

  it('gives r2 = 0 for predicting the mean', () => {
    const stats = numberEvaluator.statistics({ predictions: f32([2.5, 2.5, 2.5, 2.5]), targets: f32([1, 2, 3, 4]) }, {});
    expect(stats.r2).toBe(0);
  });

  it('computes the errors of a hand example, skipping the zero target for percentages', () => {
    // errors +1, −1, +1; relative errors of the non-zero targets: −1/2, +1/4.
    const stats = numberEvaluator.statistics({ predictions: f32([1, 1, 5]), targets: f32([0, 2, 4]) }, {});
    expect(stats).toMatchObject({
      loss: 1,
      mean_squared_error: 1,
      mean_absolute_error: 1,
      root_mean_squared_error: 1,
      huber: 0.5,
      mean_absolute_percentage_error: 0.375,
    });
    expect(stats.root_mean_squared_percentage_error).toBeCloseTo(Math.sqrt((0.25 + 0.0625) / 2), 12);
  });

  it('uses the linear part of huber beyond delta 1', () => {
    // |e| = 3 → 1·(3 − 0.5) = 2.5
    expect(numberEvaluator.statistics({ predictions: f32([3]), targets: f32([0]) }, {}).huber).toBe(2.5);
  });

  it('reports the configured regression loss as loss', () => {
    const stats = numberEvaluator.statistics(
      { predictions: f32([0, 0]), targets: f32([2, 4]) },
      { regressionLoss: 'mean_absolute_error' },
    );
    expect(stats.loss).toBe(3);
  });

  it('makes r2 and percentage errors null, not NaN, when they do not exist', () => {
    const stats = numberEvaluator.statistics({ predictions: f32([1, 2, 3]), targets: f32([0, 0, 0]) }, {});
    expect(stats.r2).toBeNull();
    expect(stats.mean_absolute_percentage_error).toBeNull();
    expect(stats.root_mean_squared_percentage_error).toBeNull();
  });

  it('treats float32 constant targets as constant despite rounding in the mean', () => {
    const stats = numberEvaluator.statistics({ predictions: f32([0.1, 0.3, 0.2]), targets: f32([0.1, 0.1, 0.1]) }, {});
    expect(stats.r2).toBeNull();
  });

  it('leaves undefined metrics out of the epoch metrics', () => {
    const metrics = numberEvaluator.epoch({ predictions: f32([1]), targets: f32([0]) }, {});
    expect(Object.keys(metrics).sort()).toEqual(
      ['huber', 'loss', 'mean_absolute_error', 'mean_squared_error', 'root_mean_squared_error'],
    );
  });
});
