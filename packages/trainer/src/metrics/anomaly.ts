import { groupScores, rocAucFromGroups, type ScoreGroups } from './ranking.js';
import type { AnomalyMetricsInput, MetricsOptions, OutputEvaluator } from './types.js';
import { chooseLoss, definedMetrics, finiteOrNull, requireLength, requireRows } from './validate.js';

/**
 * An anomaly output's entry in `test_statistics.json`: Ludwig's metrics (loss, anomaly_auroc,
 * f1_max) and its `calculate_overall_stats` (roc_auc, f1/precision/recall at the threshold,
 * f1_max and the score reaching it), over the labeled rows (0 or 1; -1 is unlabeled). Null when
 * the labeled rows lack one of the two classes.
 */
export interface AnomalyStatistics {
  loss: number | null;
  anomaly_auroc: number | null;
  f1_max: number | null;
  f1_max_threshold: number | null;
  roc_auc: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** The score at or above which a row is predicted an anomaly (null: none set, nothing flagged). */
  threshold: number | null;
  /** Rows labeled 0 / 1, of all rows. */
  labeled_rows: number;
  anomalies: number;
  rows: number;
}

/** The labeled rows' scores grouped by distinct score (label 1 positive); null without both classes. */
function labeledGroups(input: AnomalyMetricsInput): ScoreGroups | null {
  const n = input.scores.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (input.targets[i] === 0 || input.targets[i] === 1) count++;
  const scores = new Float32Array(count);
  const positive = new Uint8Array(count);
  for (let i = 0, k = 0; i < n; i++) {
    const t = input.targets[i];
    if (t !== 0 && t !== 1) continue;
    scores[k] = input.scores[i];
    positive[k++] = t;
  }
  const groups = groupScores(scores, positive, count);
  return groups.totalPositives > 0 && groups.totalNegatives > 0 ? groups : null;
}

/** Ludwig's f1_max: the best F1 of "score >= t" over the distinct labeled scores t, and that t. */
export function f1Max(groups: ScoreGroups): { f1: number; threshold: number | null } {
  let best = 0;
  let threshold: number | null = null;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < groups.thresholds.length; i++) {
    tp += groups.positives[i];
    fp += groups.negatives[i];
    const f1 = (2 * tp) / (2 * tp + fp + (groups.totalPositives - tp));
    if (f1 > best) {
      best = f1;
      threshold = groups.thresholds[i];
    }
  }
  return { f1: best, threshold };
}

function meanScore(scores: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += scores[i];
  return sum / scores.length;
}

function check(input: AnomalyMetricsInput): void {
  requireRows('anomaly', input.scores.length);
  requireLength('anomaly', 'targets', input.targets.length, input.scores.length);
}

export const anomalyEvaluator: OutputEvaluator<AnomalyMetricsInput, AnomalyStatistics> = {
  epoch(input, options) {
    check(input);
    const groups = labeledGroups(input);
    return definedMetrics({
      loss: chooseLoss(options.loss, () => meanScore(input.scores)),
      anomaly_auroc: groups && rocAucFromGroups(groups),
      f1_max: groups && f1Max(groups).f1,
    });
  },

  statistics(input, options: MetricsOptions) {
    check(input);
    const groups = labeledGroups(input);
    const threshold = finiteOrNull(options.threshold ?? null);
    let labeled = 0;
    let anomalies = 0;
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < input.scores.length; i++) {
      const t = input.targets[i];
      if (t !== 0 && t !== 1) continue;
      labeled++;
      anomalies += t;
      const flagged = threshold !== null && input.scores[i] >= threshold;
      if (flagged && t === 1) tp++;
      if (flagged && t === 0) fp++;
    }
    const fn = anomalies - tp;
    const auroc = groups && rocAucFromGroups(groups);
    const best = groups && f1Max(groups);
    // scikit-learn's zero_division=0, as Ludwig calls it.
    return {
      loss: finiteOrNull(chooseLoss(options.loss, () => meanScore(input.scores))),
      anomaly_auroc: auroc,
      f1_max: best?.f1 ?? null,
      f1_max_threshold: best?.threshold ?? null,
      roc_auc: auroc,
      precision: groups && (tp + fp > 0 ? tp / (tp + fp) : 0),
      recall: groups && (anomalies > 0 ? tp / anomalies : 0),
      f1: groups && (2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0),
      threshold,
      labeled_rows: labeled,
      anomalies,
      rows: input.scores.length,
    };
  },
};
