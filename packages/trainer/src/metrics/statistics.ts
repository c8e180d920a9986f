import { binaryEvaluator, type BinaryStatistics } from './binary.js';
import { categoryEvaluator, type CategoryStatistics } from './category.js';
import { categoryDistributionEvaluator, type CategoryDistributionStatistics } from './category-distribution.js';
import { numberEvaluator, type NumberStatistics } from './number.js';
import { setEvaluator, type SetStatistics } from './set.js';
import { sequenceEvaluator, type SequenceStatistics } from './sequence.js';
import type { MetricOutputType, MetricsInputs, MetricsOptions, OutputEvaluator } from './types.js';
import { vectorEvaluator, type VectorStatistics } from './vector.js';
import { anomalyEvaluator, type AnomalyStatistics } from './anomaly.js';

export interface OutputStatistics {
  binary: BinaryStatistics;
  category: CategoryStatistics;
  number: NumberStatistics;
  set: SetStatistics;
  vector: VectorStatistics;
  timeseries: VectorStatistics;
  category_distribution: CategoryDistributionStatistics;
  anomaly: AnomalyStatistics;
  text: SequenceStatistics;
  sequence: SequenceStatistics;
}

type Evaluators = { [T in MetricOutputType]: OutputEvaluator<MetricsInputs[T], OutputStatistics[T]> };

const evaluators = {
  binary: binaryEvaluator,
  category: categoryEvaluator,
  number: numberEvaluator,
  set: setEvaluator,
  vector: vectorEvaluator,
  timeseries: vectorEvaluator,
  category_distribution: categoryDistributionEvaluator,
  anomaly: anomalyEvaluator,
  text: sequenceEvaluator,
  sequence: sequenceEvaluator,
} satisfies Evaluators;

function evaluatorFor<T extends MetricOutputType>(outputType: T): OutputEvaluator<MetricsInputs[T], OutputStatistics[T]> {
  return (evaluators as Evaluators)[outputType];
}

/**
 * One output feature's entry in Ludwig's `test_statistics.json`: every metric, and for
 * classifiers the confusion matrix, `overall_stats`, `per_class_stats`, curves and calibration.
 * Values that do not exist for this data (ROC AUC with one class, r2 of constant targets) are
 * `null`; nothing is NaN or Infinity. Throws an `invalid_input` error for an empty split or
 * inconsistent array lengths.
 */
export function computeOutputStatistics<T extends MetricOutputType>(
  outputType: T,
  input: MetricsInputs[T],
  options: MetricsOptions = {},
): OutputStatistics[T] {
  return evaluatorFor(outputType).statistics(input, options);
}

/**
 * The scalar metrics of one output for one evaluation (`training_statistics.json`, live
 * charts). A metric that does not exist for the split's targets (ROC AUC with one class, r2 of
 * constant targets, MAPE with all-zero targets) is left out; as that depends only on the
 * targets, the same metrics are present at every epoch.
 */
export function computeEpochMetrics<T extends MetricOutputType>(
  outputType: T,
  input: MetricsInputs[T],
  options: MetricsOptions = {},
): Record<string, number> {
  return evaluatorFor(outputType).epoch(input, options);
}
