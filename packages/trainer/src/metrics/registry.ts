import { OvertureError } from '@overture/config';
import type { MetricGoal, MetricName, MetricOutputType } from './types.js';

export interface MetricSpec {
  goal: MetricGoal;
  /** Output types whose epoch metrics include this one. */
  outputTypes: readonly MetricOutputType[];
  description: string;
}

/**
 * Every metric, with the direction that counts as better. Objectives follow Ludwig's
 * `ludwig/modules/metric_modules.py` registrations.
 */
export const metricRegistry = {
  loss: {
    goal: 'minimize',
    outputTypes: ['binary', 'category', 'number', 'set', 'vector', 'timeseries', 'category_distribution', 'anomaly', 'text', 'sequence'],
    description: 'The training objective evaluated on the split',
  },
  accuracy: {
    goal: 'maximize',
    outputTypes: ['binary', 'category', 'category_distribution'],
    description: 'Fraction of rows whose predicted class is the true class',
  },
  accuracy_micro: {
    goal: 'maximize',
    outputTypes: ['category', 'category_distribution'],
    description: 'Micro-averaged accuracy; equal to accuracy, kept for Ludwig configs that name it',
  },
  hits_at_k: {
    goal: 'maximize',
    outputTypes: ['category', 'category_distribution'],
    description: 'Fraction of rows whose true class is among the k most probable',
  },
  precision: {
    goal: 'maximize',
    outputTypes: ['binary'],
    description: 'True positives over predicted positives (0 when nothing is predicted positive)',
  },
  recall: {
    goal: 'maximize',
    outputTypes: ['binary'],
    description: 'True positives over actual positives (0 when there are none)',
  },
  specificity: {
    goal: 'maximize',
    outputTypes: ['binary'],
    description: 'True negatives over actual negatives (0 when there are none)',
  },
  f1: {
    goal: 'maximize',
    outputTypes: ['binary'],
    description: 'Harmonic mean of precision and recall',
  },
  roc_auc: {
    goal: 'maximize',
    outputTypes: ['binary', 'category', 'category_distribution'],
    description: 'Area under the ROC curve (category: macro one-vs-rest); absent with one class',
  },
  average_precision: {
    goal: 'maximize',
    outputTypes: ['binary'],
    description: 'Area under the precision-recall curve as a step sum (scikit-learn definition)',
  },
  mean_squared_error: {
    goal: 'minimize',
    outputTypes: ['number', 'vector', 'timeseries'],
    description: 'Mean of squared errors',
  },
  mean_absolute_error: {
    goal: 'minimize',
    outputTypes: ['number', 'vector', 'timeseries'],
    description: 'Mean of absolute errors',
  },
  root_mean_squared_error: {
    goal: 'minimize',
    outputTypes: ['number'],
    description: 'Square root of the mean squared error',
  },
  mean_absolute_percentage_error: {
    goal: 'minimize',
    outputTypes: ['number', 'vector', 'timeseries'],
    description: 'Mean of |error / target| as a fraction, over rows whose target is not zero',
  },
  root_mean_squared_percentage_error: {
    goal: 'minimize',
    outputTypes: ['number'],
    description: 'Root of the mean of (error / target)², over rows whose target is not zero',
  },
  r2: {
    goal: 'maximize',
    outputTypes: ['number', 'vector', 'timeseries'],
    description: 'Coefficient of determination (vector: uniform average over dimensions)',
  },
  huber: {
    goal: 'minimize',
    outputTypes: ['number', 'vector', 'timeseries'],
    description: 'Mean Huber loss with delta 1',
  },
  jaccard: {
    goal: 'maximize',
    outputTypes: ['set'],
    description: 'Mean per-row intersection over union of predicted and true sets',
  },
  precision_micro: {
    goal: 'maximize',
    outputTypes: ['set'],
    description: 'Precision over all (row, class) cells',
  },
  recall_micro: {
    goal: 'maximize',
    outputTypes: ['set'],
    description: 'Recall over all (row, class) cells',
  },
  f1_micro: {
    goal: 'maximize',
    outputTypes: ['set'],
    description: 'F1 over all (row, class) cells',
  },
  softmax_cross_entropy: {
    goal: 'minimize',
    outputTypes: ['category_distribution'],
    description: 'Mean cross entropy of the predicted probabilities against the target distribution',
  },
  anomaly_auroc: {
    goal: 'maximize',
    outputTypes: ['anomaly'],
    description: 'ROC AUC of the anomaly score against the labels, over rows labeled 0 or 1; absent without both',
  },
  f1_max: {
    goal: 'maximize',
    outputTypes: ['anomaly'],
    description: 'Best F1 of score >= t over the distinct labeled scores t; absent without both labels',
  },
  token_accuracy: {
    goal: 'maximize',
    outputTypes: ['text', 'sequence'],
    description: 'Fraction of the target tokens (padding left out) predicted exactly',
  },
  sequence_accuracy: {
    goal: 'maximize',
    outputTypes: ['text', 'sequence'],
    description: 'Fraction of rows whose every step is predicted exactly',
  },
  perplexity: {
    goal: 'minimize',
    outputTypes: ['text', 'sequence'],
    description: 'exp of the mean negative log-likelihood of the target tokens',
  },
  edit_distance: {
    goal: 'minimize',
    outputTypes: ['text', 'sequence'],
    description: 'Mean Levenshtein distance in tokens between the predicted and true sequences',
  },
  char_error_rate: {
    goal: 'minimize',
    outputTypes: ['text', 'sequence'],
    description: 'Character edits over the characters of the true texts',
  },
} as const satisfies Record<MetricName, MetricSpec>;

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(metricRegistry, name);
}

/** Whether larger or smaller values of the metric are better. */
export function metricGoal(name: string): MetricGoal {
  if (!isMetricName(name)) {
    throw new OvertureError('invalid_config', `Unknown metric "${name}".`, [
      { message: `Known metrics: ${Object.keys(metricRegistry).join(', ')}.` },
    ]);
  }
  return metricRegistry[name].goal;
}

/**
 * Whether `candidate` improves on `best` for the metric. A missing best (first evaluation)
 * is always improved on; a non-finite candidate never improves.
 */
export function isBetter(name: string, candidate: number, best: number | null | undefined): boolean {
  if (!Number.isFinite(candidate)) return false;
  if (best === null || best === undefined || !Number.isFinite(best)) return true;
  return metricGoal(name) === 'maximize' ? candidate > best : candidate < best;
}

/** The metrics `computeEpochMetrics` may report for an output type, in registry order. */
export function metricsForOutputType(type: MetricOutputType): MetricName[] {
  return (Object.keys(metricRegistry) as MetricName[]).filter((name) =>
    (metricRegistry[name].outputTypes as readonly MetricOutputType[]).includes(type),
  );
}
