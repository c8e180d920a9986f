import { calibrationBins } from './calibration.js';
import {
  classStats,
  confusionMatrixRows,
  countConfusion,
  overallStats,
  perClassStats,
  type ClassStats,
  type ConfusionCounts,
  type OverallStats,
} from './confusion.js';
import { binaryCrossEntropy } from './cross-entropy.js';
import {
  averagePrecisionFromGroups,
  groupScores,
  precisionRecallCurveFromGroups,
  rocAucFromGroups,
  rocCurveFromGroups,
  type ScoreGroups,
} from './ranking.js';
import type { BinaryMetricsInput, Calibration, MetricsOptions, OutputEvaluator } from './types.js';
import { chooseLoss, definedMetrics, finiteOrNull, requireLength, requireRows } from './validate.js';

export const defaultThreshold = 0.5;

/** One binary output's entry in `test_statistics.json`. */
export type BinaryStatistics = {
  loss: number | null;
  accuracy: number;
  precision: number;
  recall: number;
  specificity: number;
  f1: number;
  roc_auc: number | null;
  average_precision: number | null;
  threshold: number;
  /** [[TN, FP], [FN, TP]]: rows are the truth (false, true), columns the prediction. */
  confusion_matrix: number[][];
  overall_stats: OverallStats;
  per_class_stats: Record<string, ClassStats>;
  /** `null` when only one class occurs in the targets. */
  roc_curve: { false_positive_rate: number[]; true_positive_rate: number[]; thresholds: number[] } | null;
  roc_auc_macro: number | null;
  roc_auc_micro: number | null;
  /** `null` when no target is true. */
  precision_recall_curve: { precisions: number[]; recalls: number[]; thresholds: number[] } | null;
  average_precision_macro: number | null;
  average_precision_micro: number | null;
  average_precision_samples: number | null;
  /** Predicted P(true) against the observed fraction of true rows. */
  calibration: Calibration;
};

interface Prepared {
  n: number;
  threshold: number;
  positive: Uint8Array;
  predicted: Uint8Array;
  confusion: ConfusionCounts;
}

function prepare(input: BinaryMetricsInput, options: MetricsOptions): Prepared {
  const n = input.targets.length;
  requireRows('binary', n);
  requireLength('binary', 'probabilities', input.probabilities.length, n);
  const threshold = options.threshold ?? defaultThreshold;
  const positive = new Uint8Array(n);
  const predicted = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    positive[i] = input.targets[i] >= 0.5 ? 1 : 0;
    predicted[i] = input.probabilities[i] >= threshold ? 1 : 0;
  }
  return { n, threshold, positive, predicted, confusion: countConfusion(positive, predicted, 2) };
}

function scalarMetrics(input: BinaryMetricsInput, options: MetricsOptions, p: Prepared, groups: ScoreGroups) {
  const truth = classStats(p.confusion, 1);
  return {
    loss: finiteOrNull(chooseLoss(options.loss, () => binaryCrossEntropy(input.probabilities, input.targets))),
    accuracy: truth.accuracy,
    precision: truth.precision,
    recall: truth.recall,
    specificity: truth.specificity,
    f1: truth.f1_score,
    roc_auc: rocAucFromGroups(groups),
    average_precision: averagePrecisionFromGroups(groups),
  };
}

export const binaryEvaluator: OutputEvaluator<BinaryMetricsInput, BinaryStatistics> = {
  epoch(input, options) {
    const p = prepare(input, options);
    const groups = groupScores(input.probabilities, p.positive, p.n);
    return definedMetrics(scalarMetrics(input, options, p, groups));
  },

  statistics(input, options) {
    const p = prepare(input, options);
    const groups = groupScores(input.probabilities, p.positive, p.n);
    const scalars = scalarMetrics(input, options, p, groups);
    const roc = rocCurveFromGroups(groups);
    const pr = precisionRecallCurveFromGroups(groups);
    const labels = input.labels ?? ['False', 'True'];
    // With a single score column every averaging mode of scikit-learn gives the same number;
    // Ludwig still writes all of them.
    return {
      ...scalars,
      threshold: p.threshold,
      confusion_matrix: confusionMatrixRows(p.confusion),
      overall_stats: overallStats(p.confusion),
      per_class_stats: perClassStats(p.confusion, labels),
      roc_curve: roc && { false_positive_rate: roc.fpr, true_positive_rate: roc.tpr, thresholds: roc.thresholds },
      roc_auc_macro: scalars.roc_auc,
      roc_auc_micro: scalars.roc_auc,
      precision_recall_curve: pr,
      average_precision_macro: scalars.average_precision,
      average_precision_micro: scalars.average_precision,
      average_precision_samples: scalars.average_precision,
      calibration: calibrationBins(input.probabilities, (row) => p.positive[row]),
    };
  },
};
