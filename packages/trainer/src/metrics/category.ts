import { OvertureError } from '@overture/config';
import { calibrationBins } from './calibration.js';
import {
  classStats,
  confusionMatrixRows,
  countConfusion,
  overallStats,
  type ClassStats,
  type ConfusionCounts,
  type OverallStats,
} from './confusion.js';
import { softmaxCrossEntropy } from './cross-entropy.js';
import { rocAuc } from './ranking.js';
import type { Calibration, CategoryMetricsInput, MetricsOptions, OutputEvaluator } from './types.js';
import { chooseLoss, definedMetrics, finiteOrNull, requireClassCount, requireLength, requireRows } from './validate.js';

export const defaultTopK = 3;

/** One category output's entry in `test_statistics.json`. */
export type CategoryStatistics = {
  loss: number | null;
  accuracy: number;
  accuracy_micro: number;
  hits_at_k: number;
  /** Macro one-vs-rest over classes present in the targets; `null` with fewer than two. */
  roc_auc: number | null;
  roc_auc_macro: number | null;
  /** One ROC over every (row, class) cell. */
  roc_auc_micro: number | null;
  /** counts[truth][prediction], in vocabulary order. */
  confusion_matrix: number[][];
  overall_stats: OverallStats;
  /** Ludwig's per-class stats plus `support` and one-vs-rest `roc_auc` (null if absent). */
  per_class_stats: Record<string, ClassStats & { roc_auc: number | null }>;
  /** Confidence (max probability) against the fraction of rows predicted correctly. */
  calibration: Calibration;
};

interface Prepared {
  n: number;
  k: number;
  predicted: Int32Array;
  /** Probability of the predicted class per row. */
  confidence: Float32Array;
  confusion: ConfusionCounts;
}

function prepare(input: CategoryMetricsInput): Prepared {
  const { probabilities, targets, labels } = input;
  const n = targets.length;
  const k = labels.length;
  requireRows('category', n);
  requireClassCount('category', k);
  requireLength('category', 'probabilities (rows × classes)', probabilities.length, n * k);
  const predicted = new Int32Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = targets[i];
    if (!(t >= 0 && t < k)) {
      throw new OvertureError(
        'invalid_input',
        `category metrics: target ${t} at row ${i} is not a class index in [0, ${k}).`,
      );
    }
    // Ties go to the lowest index, like argmax everywhere else.
    const base = i * k;
    let best = 0;
    let bestP = probabilities[base];
    for (let c = 1; c < k; c++) {
      const pc = probabilities[base + c];
      if (pc > bestP) {
        bestP = pc;
        best = c;
      }
    }
    predicted[i] = best;
    confidence[i] = bestP;
  }
  return { n, k, predicted, confidence, confusion: countConfusion(targets, predicted, k) };
}

/**
 * Fraction of rows whose true class ranks within the top k. Ranking breaks ties by class
 * index exactly as argmax does, so hits_at_k with k = 1 equals accuracy.
 */
export function hitsAtK(probabilities: Float32Array, targets: Int32Array, k: number, topK: number): number {
  const n = targets.length;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    const t = targets[i];
    const pt = probabilities[base + t];
    let ahead = 0;
    for (let c = 0; c < k && ahead < topK; c++) {
      const pc = probabilities[base + c];
      if (pc > pt || (pc === pt && c < t)) ahead++;
    }
    if (ahead < topK) hits++;
  }
  return hits / n;
}

/** One-vs-rest ROC AUC for each class; `null` for a class absent from (or filling) the targets. */
export function perClassRocAuc(input: CategoryMetricsInput, confusion: ConfusionCounts): (number | null)[] {
  const { probabilities, targets } = input;
  const n = targets.length;
  const k = input.labels.length;
  const out: (number | null)[] = [];
  const positive = new Uint8Array(n);
  for (let c = 0; c < k; c++) {
    const support = confusion.truthTotals[c];
    if (support === 0 || support === n) {
      out.push(null);
      continue;
    }
    for (let i = 0; i < n; i++) positive[i] = targets[i] === c ? 1 : 0;
    out.push(rocAuc(probabilities, positive, n, k, c));
  }
  return out;
}

function macroRocAuc(perClass: (number | null)[]): number | null {
  let sum = 0;
  let defined = 0;
  for (const auc of perClass) {
    if (auc === null) continue;
    sum += auc;
    defined++;
  }
  return defined === 0 ? null : sum / defined;
}

function scalarMetrics(input: CategoryMetricsInput, options: MetricsOptions, p: Prepared, perClassAuc: (number | null)[]) {
  const topK = Math.max(1, Math.min(options.topK ?? defaultTopK, p.k));
  const accuracy = overallStats(p.confusion).overall_accuracy;
  return {
    loss: finiteOrNull(chooseLoss(options.loss, () => softmaxCrossEntropy(input.probabilities, input.targets, p.k))),
    accuracy,
    accuracy_micro: accuracy,
    hits_at_k: hitsAtK(input.probabilities, input.targets, p.k, topK),
    roc_auc: macroRocAuc(perClassAuc),
  };
}

export const categoryEvaluator: OutputEvaluator<CategoryMetricsInput, CategoryStatistics> = {
  epoch(input, options) {
    const p = prepare(input);
    return definedMetrics(scalarMetrics(input, options, p, perClassRocAuc(input, p.confusion)));
  },

  statistics(input, options) {
    const p = prepare(input);
    const perClassAuc = perClassRocAuc(input, p.confusion);
    const scalars = scalarMetrics(input, options, p, perClassAuc);
    const { targets, probabilities } = input;
    const oneHot = new Uint8Array(p.n * p.k);
    for (let i = 0; i < p.n; i++) oneHot[i * p.k + targets[i]] = 1;
    const micro = rocAuc(probabilities, oneHot, p.n * p.k);
    const perClass: CategoryStatistics['per_class_stats'] = Object.fromEntries(
      input.labels.map((label, c) => [label, { ...classStats(p.confusion, c), roc_auc: perClassAuc[c] }]),
    );
    return {
      ...scalars,
      roc_auc_macro: scalars.roc_auc,
      roc_auc_micro: micro,
      confusion_matrix: confusionMatrixRows(p.confusion),
      overall_stats: overallStats(p.confusion),
      per_class_stats: perClass,
      calibration: calibrationBins(p.confidence, (row) => (p.predicted[row] === targets[row] ? 1 : 0)),
    };
  },
};
