import type { MetricsOptions, RegressionLossName } from './types.js';
import { chooseLoss, finiteOrNull } from './validate.js';

/**
 * Regression metrics over flat arrays (number outputs, and vector outputs element-wise).
 * Undefined values are `null`, never NaN: percentage errors with no non-zero target, r2 with
 * fewer than two rows or constant targets.
 */

export interface RegressionSums {
  count: number;
  squaredError: number;
  absoluteError: number;
  huber: number;
  /** Rows with a non-zero target, and their summed |e/t| and (e/t)². */
  percentageCount: number;
  absolutePercentage: number;
  squaredPercentage: number;
}

/** Huber loss threshold: quadratic within ±1, linear outside (Ludwig's default delta). */
export const huberDelta = 1;

/** One pass over predictions and targets collecting every regression sum. */
export function sumRegressionErrors(predictions: Float32Array, targets: Float32Array): RegressionSums {
  let squaredError = 0;
  let absoluteError = 0;
  let huber = 0;
  let percentageCount = 0;
  let absolutePercentage = 0;
  let squaredPercentage = 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    const e = predictions[i] - t;
    const a = Math.abs(e);
    squaredError += e * e;
    absoluteError += a;
    huber += a <= huberDelta ? 0.5 * e * e : huberDelta * (a - 0.5 * huberDelta);
    if (t !== 0) {
      const relative = e / t;
      percentageCount++;
      absolutePercentage += Math.abs(relative);
      squaredPercentage += relative * relative;
    }
  }
  return {
    count: targets.length,
    squaredError,
    absoluteError,
    huber,
    percentageCount,
    absolutePercentage,
    squaredPercentage,
  };
}

export interface RegressionMetrics {
  mean_squared_error: number;
  mean_absolute_error: number;
  root_mean_squared_error: number;
  /**
   * Mean |error / target| as a fraction (not ×100), skipping rows whose target is exactly 0:
   * Ludwig/torchmetrics divide by a tiny epsilon there instead, which lets a single zero target
   * dominate the metric with a value around 10⁶.
   */
  mean_absolute_percentage_error: number | null;
  /** √mean((error / target)²), skipping zero targets like MAPE. */
  root_mean_squared_percentage_error: number | null;
  huber: number;
}

export function regressionMetrics(s: RegressionSums): RegressionMetrics {
  const mse = s.squaredError / s.count;
  return {
    mean_squared_error: mse,
    mean_absolute_error: s.absoluteError / s.count,
    root_mean_squared_error: Math.sqrt(mse),
    mean_absolute_percentage_error: s.percentageCount === 0 ? null : s.absolutePercentage / s.percentageCount,
    root_mean_squared_percentage_error:
      s.percentageCount === 0 ? null : Math.sqrt(s.squaredPercentage / s.percentageCount),
    huber: s.huber / s.count,
  };
}

/**
 * Coefficient of determination per dimension of row-major [n, size] data, averaged uniformly
 * over the dimensions where it is defined (n ≥ 2 and the target varies); `null` if none is.
 * Constant-target dimensions are skipped rather than scored 0 or 1 as scikit-learn does, since
 * r2 does not exist there.
 */
export function r2Score(predictions: Float32Array, targets: Float32Array, size = 1): number | null {
  const n = targets.length / size;
  if (n < 2) return null;
  const mean = new Float64Array(size);
  for (let i = 0; i < targets.length; i++) mean[i % size] += targets[i];
  for (let d = 0; d < size; d++) mean[d] /= n;
  const residual = new Float64Array(size);
  const totalVariation = new Float64Array(size);
  const varies = new Uint8Array(size);
  for (let i = 0; i < targets.length; i++) {
    const d = i % size;
    if (targets[i] !== targets[d]) varies[d] = 1;
    const e = targets[i] - predictions[i];
    const v = targets[i] - mean[d];
    residual[d] += e * e;
    totalVariation[d] += v * v;
  }
  let sum = 0;
  let defined = 0;
  for (let d = 0; d < size; d++) {
    // Tested on the values, not on totalVariation: equal float32 targets can leave rounding
    // dust in the mean and so a tiny non-zero variation.
    if (!varies[d]) continue;
    sum += 1 - residual[d] / totalVariation[d];
    defined++;
  }
  return defined === 0 ? null : sum / defined;
}

/** The regression metrics plus `loss` (the chosen regression metric unless the caller passed one). */
export function regressionStatistics(
  metrics: RegressionMetrics,
  options: MetricsOptions,
): { [K in keyof RegressionMetrics]: number | null } & { loss: number | null } {
  const lossName: RegressionLossName = options.regressionLoss ?? 'mean_squared_error';
  return {
    loss: finiteOrNull(chooseLoss(options.loss, () => metrics[lossName] ?? Number.NaN)),
    mean_squared_error: finiteOrNull(metrics.mean_squared_error),
    mean_absolute_error: finiteOrNull(metrics.mean_absolute_error),
    root_mean_squared_error: finiteOrNull(metrics.root_mean_squared_error),
    mean_absolute_percentage_error: finiteOrNull(metrics.mean_absolute_percentage_error),
    root_mean_squared_percentage_error: finiteOrNull(metrics.root_mean_squared_percentage_error),
    huber: finiteOrNull(metrics.huber),
  };
}
