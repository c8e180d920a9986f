/**
 * Metrics and evaluation statistics on typed arrays. The training loop converts an output's
 * tensors once per evaluation and calls `computeEpochMetrics` (scalars for
 * `training_statistics.json`) or `computeOutputStatistics` (one output's entry in Ludwig's
 * `test_statistics.json`). Nothing here touches tfjs.
 */
export { computeEpochMetrics, computeOutputStatistics, type OutputStatistics } from './statistics.js';
export { isBetter, isMetricName, metricGoal, metricRegistry, metricsForOutputType, type MetricSpec } from './registry.js';
export {
  permutationFeatureImportance,
  permutationIndices,
  type FeatureImportance,
  type PermutationImportanceOptions,
} from './importance.js';
export { binaryCrossEntropy, sigmoidCrossEntropy, softmaxCrossEntropy } from './cross-entropy.js';
export { calibrationBins } from './calibration.js';
export type { BinaryStatistics } from './binary.js';
export type { CategoryStatistics } from './category.js';
export type { ClassStats, OverallStats } from './confusion.js';
export type { NumberStatistics } from './number.js';
export type { SetClassStats, SetStatistics } from './set.js';
export type { VectorStatistics } from './vector.js';
export type { AnomalyStatistics } from './anomaly.js';
export { f1Max } from './anomaly.js';
export {
  metricNames,
  type AnomalyMetricsInput,
  type BinaryMetricsInput,
  type Calibration,
  type CalibrationBin,
  type CategoryMetricsInput,
  type MetricGoal,
  type MetricName,
  type MetricOutputType,
  type MetricsInputs,
  type MetricsOptions,
  type NumberMetricsInput,
  type RegressionLossName,
  type SetMetricsInput,
  type VectorMetricsInput,
} from './types.js';
