import type { OutputFeatureType } from './feature-types.js';

/**
 * Metrics reported for each output type and usable as `trainer.validation_metric`
 * (Ludwig `modules/metric_modules.py`; the subset Overture computes).
 */
export const metricsByOutputType = {
  binary: ['loss', 'accuracy', 'precision', 'recall', 'specificity', 'roc_auc'],
  category: ['loss', 'accuracy', 'hits_at_k', 'roc_auc'],
  number: ['loss', 'mean_squared_error', 'mean_absolute_error', 'root_mean_squared_error', 'mean_absolute_percentage_error', 'r2'],
  set: ['loss', 'jaccard'],
  vector: ['loss', 'mean_squared_error', 'mean_absolute_error', 'r2'],
  timeseries: ['loss', 'mean_squared_error', 'mean_absolute_error', 'r2'],
  // Ludwig registers these for category_distribution; the class metrics compare argmaxes of target and prediction.
  category_distribution: ['loss', 'accuracy', 'accuracy_micro', 'hits_at_k', 'roc_auc', 'softmax_cross_entropy'],
  // Ludwig registers anomaly_auroc and f1_max for anomaly outputs; both read the score against the 0/1 labels.
  anomaly: ['loss', 'anomaly_auroc', 'f1_max'],
  // Ludwig's sequence metrics (metric_modules.py) and the edit distances of metrics/sequence.ts in the trainer.
  text: ['loss', 'token_accuracy', 'sequence_accuracy', 'perplexity', 'edit_distance', 'char_error_rate'],
  sequence: ['loss', 'token_accuracy', 'sequence_accuracy', 'perplexity', 'edit_distance', 'char_error_rate'],
} as const satisfies { [T in OutputFeatureType]: readonly ['loss', ...string[]] };

/** Metrics of the `combined` pseudo-output (the weighted sum of the output losses). */
export const combinedMetrics = ['loss'] as const;

/**
 * Metrics of image outputs (semantic segmentation), kept apart until the trainer trains them: Ludwig
 * registers loss and softmax_cross_entropy; pixel accuracy (accuracy over every pixel) and jaccard
 * (the mean over classes of each class's intersection over union) are Overture's, under Ludwig's names.
 */
export const imageOutputMetrics = ['loss', 'softmax_cross_entropy', 'accuracy', 'jaccard'] as const;

export type MetricName = (typeof metricsByOutputType)[OutputFeatureType][number];

/** Ludwig's `default_validation_metric` of each output type. */
export const defaultValidationMetrics = {
  binary: 'roc_auc',
  category: 'accuracy',
  number: 'mean_squared_error',
  set: 'jaccard',
  vector: 'mean_squared_error',
  timeseries: 'mean_squared_error',
  category_distribution: 'accuracy',
  anomaly: 'anomaly_auroc',
  // Ludwig's text and sequence outputs validate on the loss.
  text: 'loss',
  sequence: 'loss',
} as const satisfies { [T in OutputFeatureType]: (typeof metricsByOutputType)[T][number] };

const maximized = new Set<string>([
  'accuracy', 'accuracy_micro', 'precision', 'recall', 'specificity', 'roc_auc', 'hits_at_k', 'jaccard', 'r2',
  'token_accuracy', 'sequence_accuracy', 'anomaly_auroc', 'f1_max',
]);

/** Whether a larger value of the metric is better (Ludwig's metric `objective`). Unknown metrics are minimized, like losses. */
export function metricGoal(metric: string): 'minimize' | 'maximize' {
  return maximized.has(metric) ? 'maximize' : 'minimize';
}
