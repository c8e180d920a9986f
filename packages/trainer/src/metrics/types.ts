import type { OutputFeatureType } from '@overture/config';
import type { SequenceMetricsInput } from './sequence.js';

/** Output types the metrics know; equal to the trainable output types in `@overture/config`. */
export type MetricOutputType = OutputFeatureType;

export type MetricGoal = 'minimize' | 'maximize';

/** Every metric name, Ludwig's spelling where Ludwig has the metric. */
export const metricNames = [
  'loss',
  // binary and category
  'accuracy', 'accuracy_micro', 'hits_at_k', 'precision', 'recall', 'specificity', 'f1',
  'roc_auc', 'average_precision',
  // number and vector
  'mean_squared_error', 'mean_absolute_error', 'root_mean_squared_error',
  'mean_absolute_percentage_error', 'root_mean_squared_percentage_error', 'r2', 'huber',
  // set
  'jaccard', 'precision_micro', 'recall_micro', 'f1_micro',
  // category_distribution: the cross entropy against the target distribution (Ludwig registers it as a metric)
  'softmax_cross_entropy',
  // anomaly (Ludwig's ANOMALY_AUROC and F1_MAX)
  'anomaly_auroc', 'f1_max',
  // text and sequence (metrics/sequence.ts)
  'token_accuracy', 'sequence_accuracy', 'perplexity', 'edit_distance', 'char_error_rate',
] as const;
export type MetricName = (typeof metricNames)[number];

/** A binary output: P(true) per row and the 0/1 truth (values >= 0.5 count as true). */
export interface BinaryMetricsInput {
  probabilities: Float32Array;
  targets: Float32Array | Uint8Array;
  /** Names of [false, true] in `per_class_stats`; Ludwig's `["False", "True"]` by default. */
  labels?: readonly [string, string];
}

/** A category output: row-major [n, k] class probabilities, where k = labels.length. */
export interface CategoryMetricsInput {
  probabilities: Float32Array;
  /** Class index per row, in [0, k). */
  targets: Int32Array;
  /** The vocabulary, index → label; keys of `per_class_stats`. */
  labels: string[];
}

/** A category_distribution output: row-major [n, k] predicted probabilities and target distributions, k = labels.length. */
export interface CategoryDistributionMetricsInput {
  probabilities: Float32Array;
  targets: Float32Array;
  labels: string[];
}

/** An anomaly output: the score ||z - c||² per row and the label (0 normal, 1 anomaly, -1 unlabeled). */
export interface AnomalyMetricsInput {
  scores: Float32Array;
  targets: Float32Array;
}

export interface NumberMetricsInput {
  predictions: Float32Array;
  targets: Float32Array;
}

/** A set output: row-major [n, k] sigmoid outputs and multi-hot truth, k = labels.length. */
export interface SetMetricsInput {
  probabilities: Float32Array;
  targets: Float32Array | Uint8Array;
  labels: string[];
}

/** A vector output: row-major [n, size] predictions and targets. */
export interface VectorMetricsInput {
  predictions: Float32Array;
  targets: Float32Array;
  size: number;
}

export interface MetricsInputs {
  binary: BinaryMetricsInput;
  category: CategoryMetricsInput;
  number: NumberMetricsInput;
  set: SetMetricsInput;
  vector: VectorMetricsInput;
  /** A forecast: [n, horizon] predictions and targets, scored as a vector. */
  timeseries: VectorMetricsInput;
  category_distribution: CategoryDistributionMetricsInput;
  anomaly: AnomalyMetricsInput;
  text: SequenceMetricsInput;
  sequence: SequenceMetricsInput;
}

/** Which regression metric `loss` reports for number and vector outputs when no loss is passed. */
export type RegressionLossName =
  | 'mean_squared_error'
  | 'mean_absolute_error'
  | 'root_mean_squared_error'
  | 'mean_absolute_percentage_error'
  | 'huber';

export interface MetricsOptions {
  /** Binary and set: probability at or above which a row (cell) is predicted true. Default 0.5. Anomaly: the score threshold (none: nothing is flagged). */
  threshold?: number;
  /** Category: k of `hits_at_k`, capped at the number of classes. Default 3. */
  topK?: number;
  /**
   * The loss as the training loop computed it (with class weights, smoothing, …). When given it
   * is reported as `loss` instead of the plain loss computed here.
   */
  loss?: number;
  /** Number and vector: the metric reported as `loss` when `loss` is not given. Default MSE. */
  regressionLoss?: RegressionLossName;
}

/** One equal-width calibration bin; `null`s for an empty bin. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  mean_predicted: number | null;
  fraction_positive: number | null;
}

export interface Calibration {
  bins: CalibrationBin[];
  /** Count-weighted mean |fraction_positive − mean_predicted| over non-empty bins. */
  expected_calibration_error: number;
}

/** How one output type turns its inputs into epoch metrics and full evaluation statistics. */
export interface OutputEvaluator<Input, Statistics> {
  /** Scalar metrics only; a metric undefined for this split is left out. */
  epoch(input: Input, options: MetricsOptions): Record<string, number>;
  statistics(input: Input, options: MetricsOptions): Statistics;
}
