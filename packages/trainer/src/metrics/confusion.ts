/**
 * Confusion-matrix statistics with Ludwig's key names (`ConfusionMatrix.class_stats` and
 * `.stats` in `ludwig/utils/metrics_utils.py`). Ratios with a zero denominator are 0, as in
 * Ludwig and scikit-learn's `zero_division=0`.
 */

/** counts[truth * k + prediction] over k classes. */
export interface ConfusionCounts {
  k: number;
  counts: Float64Array;
  /** Row sums: how many rows have each true class (support). */
  truthTotals: Float64Array;
  /** Column sums: how many rows were predicted as each class. */
  predictedTotals: Float64Array;
  total: number;
}

export function countConfusion(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): ConfusionCounts {
  const counts = new Float64Array(k * k);
  const truthTotals = new Float64Array(k);
  const predictedTotals = new Float64Array(k);
  const n = truth.length;
  for (let i = 0; i < n; i++) {
    const t = truth[i];
    const p = predicted[i];
    counts[t * k + p]++;
    truthTotals[t]++;
    predictedTotals[p]++;
  }
  return { k, counts, truthTotals, predictedTotals, total: n };
}

/** The matrix as nested arrays: rows are the truth, columns the prediction. */
export function confusionMatrixRows(c: ConfusionCounts): number[][] {
  const rows: number[][] = [];
  for (let t = 0; t < c.k; t++) rows.push(Array.from(c.counts.subarray(t * c.k, (t + 1) * c.k)));
  return rows;
}

export interface ClassStats {
  true_positives: number;
  true_negatives: number;
  false_positives: number;
  false_negatives: number;
  true_positive_rate: number;
  true_negative_rate: number;
  positive_predictive_value: number;
  negative_predictive_value: number;
  false_negative_rate: number;
  false_positive_rate: number;
  false_discovery_rate: number;
  false_omission_rate: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1_score: number;
  sensitivity: number;
  specificity: number;
  hit_rate: number;
  miss_rate: number;
  fall_out: number;
  matthews_correlation_coefficient: number;
  informedness: number;
  markedness: number;
  /** Rows whose true class is this one (not in Ludwig; scikit-learn's name). */
  support: number;
}

const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

export function classStats(c: ConfusionCounts, index: number): ClassStats {
  const tp = c.counts[index * c.k + index];
  const fp = c.predictedTotals[index] - tp;
  const fn = c.truthTotals[index] - tp;
  const tn = c.total - tp - fp - fn;
  const tpr = ratio(tp, tp + fn);
  const tnr = ratio(tn, tn + fp);
  const ppv = ratio(tp, tp + fp);
  const npv = ratio(tn, tn + fn);
  const mccDenominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return {
    true_positives: tp,
    true_negatives: tn,
    false_positives: fp,
    false_negatives: fn,
    true_positive_rate: tpr,
    true_negative_rate: tnr,
    positive_predictive_value: ppv,
    negative_predictive_value: npv,
    false_negative_rate: 1 - tpr,
    false_positive_rate: 1 - tnr,
    false_discovery_rate: 1 - ppv,
    false_omission_rate: 1 - npv,
    accuracy: ratio(tp + tn, c.total),
    precision: ppv,
    recall: tpr,
    f1_score: ratio(2 * ppv * tpr, ppv + tpr),
    sensitivity: tpr,
    specificity: tnr,
    hit_rate: tpr,
    miss_rate: 1 - tpr,
    fall_out: 1 - tnr,
    matthews_correlation_coefficient: ratio(tp * tn - fp * fn, mccDenominator),
    informedness: tpr + tnr - 1,
    markedness: ppv + npv - 1,
    support: tp + fn,
  };
}

/** Keyed by label; `Object.fromEntries` so a label such as `__proto__` stays a plain key. */
export function perClassStats(c: ConfusionCounts, labels: readonly string[]): Record<string, ClassStats> {
  return Object.fromEntries(labels.slice(0, c.k).map((label, i) => [label, classStats(c, i)]));
}

export interface OverallStats {
  overall_accuracy: number;
  avg_precision_macro: number;
  avg_recall_macro: number;
  avg_f1_score_macro: number;
  avg_precision_micro: number;
  avg_recall_micro: number;
  avg_f1_score_micro: number;
  avg_precision_weighted: number;
  avg_recall_weighted: number;
  avg_f1_score_weighted: number;
  /** Cohen's kappa; `null` when chance agreement is 1 (one class in truth and prediction). */
  kappa_score: number | null;
}

/**
 * Averages as scikit-learn computes them for Ludwig: macro over the classes that occur in the
 * truth or the predictions (vocabulary entries never seen do not drag it down), weighted by
 * support. Ludwig's own `avg_*_weighted` for precision and recall report the micro value by
 * mistake; these are truly weighted.
 */
export function overallStats(c: ConfusionCounts): OverallStats {
  const { k, total } = c;
  let correct = 0;
  let seen = 0;
  let precisionSum = 0;
  let recallSum = 0;
  let f1Sum = 0;
  let precisionWeighted = 0;
  let recallWeighted = 0;
  let f1Weighted = 0;
  let chance = 0;
  for (let i = 0; i < k; i++) {
    const tp = c.counts[i * k + i];
    const support = c.truthTotals[i];
    const predicted = c.predictedTotals[i];
    correct += tp;
    chance += (support / total) * (predicted / total);
    if (support === 0 && predicted === 0) continue;
    seen++;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    precisionSum += precision;
    recallSum += recall;
    f1Sum += f1;
    precisionWeighted += precision * support;
    recallWeighted += recall * support;
    f1Weighted += f1 * support;
  }
  const accuracy = ratio(correct, total);
  return {
    overall_accuracy: accuracy,
    avg_precision_macro: ratio(precisionSum, seen),
    avg_recall_macro: ratio(recallSum, seen),
    avg_f1_score_macro: ratio(f1Sum, seen),
    // With one label per row every error is one false positive and one false negative.
    avg_precision_micro: accuracy,
    avg_recall_micro: accuracy,
    avg_f1_score_micro: accuracy,
    avg_precision_weighted: ratio(precisionWeighted, total),
    avg_recall_weighted: ratio(recallWeighted, total),
    avg_f1_score_weighted: ratio(f1Weighted, total),
    kappa_score: chance >= 1 ? null : (accuracy - chance) / (1 - chance),
  };
}
