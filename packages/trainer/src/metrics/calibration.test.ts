import { describe, expect, it } from 'vitest';
import { calibrationBins } from './calibration.js';

describe('calibrationBins', () => {
  const predicted = [0.05, 0.15, 0.15, 0.95, 1.0, 0.0];
  const outcomes = [0, 1, 0, 1, 1, 0];
  const calibration = calibrationBins(predicted, (row) => outcomes[row]);

  it('splits [0, 1] into 10 equal-width bins, 1.0 in the last', () => {
    expect(calibration.bins).toHaveLength(10);
    expect(calibration.bins.map((b) => b.count)).toEqual([2, 2, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(calibration.bins[9]).toMatchObject({ lower: 0.9, upper: 1, mean_predicted: 0.975, fraction_positive: 1 });
  });

  it('reports the mean prediction and fraction positive of each bin', () => {
    expect(calibration.bins[0]).toMatchObject({ mean_predicted: 0.025, fraction_positive: 0 });
    expect(calibration.bins[1]).toMatchObject({ mean_predicted: 0.15, fraction_positive: 0.5 });
  });

  it('leaves empty bins null rather than NaN', () => {
    expect(calibration.bins[4]).toEqual({ lower: 0.4, upper: 0.5, count: 0, mean_predicted: null, fraction_positive: null });
  });

  it('computes the count-weighted expected calibration error', () => {
    // (2·0.025 + 2·0.35 + 2·0.025) / 6
    expect(calibration.expected_calibration_error).toBeCloseTo(0.8 / 6, 12);
  });
});
