import type { Calibration, CalibrationBin } from './types.js';

export const calibrationBinCount = 10;

/**
 * Reliability-diagram bins: predicted probabilities split into equal-width bins over [0, 1]
 * (the last bin closed at 1), each with its mean prediction and the observed fraction of
 * positives. Expected calibration error is the count-weighted mean gap (Naeini et al. 2015).
 * `outcome(i)` is 1 when row i's prediction came true.
 */
export function calibrationBins(
  predicted: ArrayLike<number>,
  outcome: (row: number) => number,
  binCount = calibrationBinCount,
): Calibration {
  const counts = new Float64Array(binCount);
  const predictedSums = new Float64Array(binCount);
  const positiveSums = new Float64Array(binCount);
  const n = predicted.length;
  for (let i = 0; i < n; i++) {
    // Out-of-range values are clamped and a diverged model's NaN reads as 0, so the report
    // stays finite.
    const raw = predicted[i];
    const p = raw >= 1 ? 1 : raw > 0 ? raw : 0;
    const bin = p === 1 ? binCount - 1 : Math.floor(p * binCount);
    counts[bin]++;
    predictedSums[bin] += p;
    positiveSums[bin] += outcome(i);
  }
  const bins: CalibrationBin[] = [];
  let gap = 0;
  for (let b = 0; b < binCount; b++) {
    const count = counts[b];
    const meanPredicted = count === 0 ? null : predictedSums[b] / count;
    const fractionPositive = count === 0 ? null : positiveSums[b] / count;
    if (meanPredicted !== null && fractionPositive !== null) gap += count * Math.abs(fractionPositive - meanPredicted);
    bins.push({
      lower: b / binCount,
      upper: (b + 1) / binCount,
      count,
      mean_predicted: meanPredicted,
      fraction_positive: fractionPositive,
    });
  }
  return { bins, expected_calibration_error: n === 0 ? 0 : gap / n };
}
