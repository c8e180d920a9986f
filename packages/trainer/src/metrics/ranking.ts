/**
 * Threshold-free binary metrics: ROC AUC, average precision and the two curves. All work on
 * "tie groups": the distinct scores in descending order with how many positives and negatives
 * share each score, which is what makes tied scores count half (Mann–Whitney U).
 */
import { keyToScore, sortScores } from './sort.js';

export interface ScoreGroups {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  positives: Uint32Array;
  negatives: Uint32Array;
  totalPositives: number;
  totalNegatives: number;
}

/**
 * Group `count` scores read as `scores[offset + i * stride]`; `positive[i]` is 1 when row i is
 * a positive.
 */
export function groupScores(
  scores: Float32Array,
  positive: Uint8Array,
  count: number,
  stride = 1,
  offset = 0,
): ScoreGroups {
  const { keys, rows } = sortScores(scores, count, stride, offset);
  const thresholds = new Float64Array(count);
  const positives = new Uint32Array(count);
  const negatives = new Uint32Array(count);
  let groups = -1;
  let lastKey = -1;
  let totalPositives = 0;
  for (let i = count - 1; i >= 0; i--) {
    const key = keys[i];
    if (key !== lastKey) {
      groups++;
      thresholds[groups] = keyToScore(key);
      lastKey = key;
    }
    if (positive[rows[i]] === 1) {
      positives[groups]++;
      totalPositives++;
    } else {
      negatives[groups]++;
    }
  }
  const size = groups + 1;
  return {
    thresholds: thresholds.subarray(0, size),
    positives: positives.subarray(0, size),
    negatives: negatives.subarray(0, size),
    totalPositives,
    totalNegatives: count - totalPositives,
  };
}

/**
 * ROC AUC as the probability that a random positive outscores a random negative, ties counting
 * one half; `null` when either class is absent.
 */
export function rocAucFromGroups(g: ScoreGroups): number | null {
  const { totalPositives: p, totalNegatives: n } = g;
  if (p === 0 || n === 0) return null;
  let negativesAbove = 0;
  let u = 0;
  for (let i = 0; i < g.thresholds.length; i++) {
    const negativesBelow = n - negativesAbove - g.negatives[i];
    u += g.positives[i] * (negativesBelow + 0.5 * g.negatives[i]);
    negativesAbove += g.negatives[i];
  }
  return u / (p * n);
}

/**
 * `rocAucFromGroups(groupScores(…))` without building the groups: one pass over the sorted
 * scores, for the per-class AUCs computed every epoch.
 */
export function rocAuc(scores: Float32Array, positive: Uint8Array, count: number, stride = 1, offset = 0): number | null {
  let totalPositives = 0;
  for (let i = 0; i < count; i++) totalPositives += positive[i];
  const totalNegatives = count - totalPositives;
  if (totalPositives === 0 || totalNegatives === 0) return null;
  const { keys, rows } = sortScores(scores, count, stride, offset);
  let u = 0;
  let negativesBelow = 0;
  let i = 0;
  while (i < count) {
    const key = keys[i];
    let groupPositives = 0;
    let groupNegatives = 0;
    for (; i < count && keys[i] === key; i++) {
      if (positive[rows[i]] === 1) groupPositives++;
      else groupNegatives++;
    }
    u += groupPositives * (negativesBelow + 0.5 * groupNegatives);
    negativesBelow += groupNegatives;
  }
  return u / (totalPositives * totalNegatives);
}

/**
 * Average precision as scikit-learn defines it: Σ (Rₙ − Rₙ₋₁)·Pₙ over descending thresholds,
 * a step sum without interpolation. `null` when there are no positives.
 */
export function averagePrecisionFromGroups(g: ScoreGroups): number | null {
  if (g.totalPositives === 0) return null;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let i = 0; i < g.thresholds.length; i++) {
    const gained = g.positives[i];
    tp += gained;
    fp += g.negatives[i];
    if (gained > 0) ap += (gained / g.totalPositives) * (tp / (tp + fp));
  }
  return ap;
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Predict positive when score ≥ threshold; the first point uses max score + 1 (nothing positive). */
  thresholds: number[];
}

export interface PrecisionRecallCurve {
  precisions: number[];
  recalls: number[];
  thresholds: number[];
}

/** Curves are downsampled to at most this many points for the JSON and charts. */
export const maxCurvePoints = 200;

/** ROC curve from (0, 0) to (1, 1), one point per distinct score; `null` with one class. */
export function rocCurveFromGroups(g: ScoreGroups, maxPoints = maxCurvePoints): RocCurve | null {
  const { totalPositives: p, totalNegatives: n } = g;
  if (p === 0 || n === 0) return null;
  const size = g.thresholds.length + 1;
  const fpr = new Array<number>(size);
  const tpr = new Array<number>(size);
  const thresholds = new Array<number>(size);
  fpr[0] = 0;
  tpr[0] = 0;
  thresholds[0] = g.thresholds[0] + 1;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < g.thresholds.length; i++) {
    tp += g.positives[i];
    fp += g.negatives[i];
    fpr[i + 1] = fp / n;
    tpr[i + 1] = tp / p;
    thresholds[i + 1] = g.thresholds[i];
  }
  const keep = downsampleIndices(size, maxPoints);
  return { fpr: pick(fpr, keep), tpr: pick(tpr, keep), thresholds: pick(thresholds, keep) };
}

/**
 * Precision–recall curve by descending threshold, starting at (recall 0, precision 1) with
 * threshold max score + 1; `null` when there are no positives.
 */
export function precisionRecallCurveFromGroups(
  g: ScoreGroups,
  maxPoints = maxCurvePoints,
): PrecisionRecallCurve | null {
  if (g.totalPositives === 0) return null;
  const size = g.thresholds.length + 1;
  const precisions = new Array<number>(size);
  const recalls = new Array<number>(size);
  const thresholds = new Array<number>(size);
  precisions[0] = 1;
  recalls[0] = 0;
  thresholds[0] = g.thresholds[0] + 1;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < g.thresholds.length; i++) {
    tp += g.positives[i];
    fp += g.negatives[i];
    precisions[i + 1] = tp / (tp + fp);
    recalls[i + 1] = tp / g.totalPositives;
    thresholds[i + 1] = g.thresholds[i];
  }
  const keep = downsampleIndices(size, maxPoints);
  return { precisions: pick(precisions, keep), recalls: pick(recalls, keep), thresholds: pick(thresholds, keep) };
}

/** At most `maxPoints` evenly spaced indices of `size`, always keeping the first and last. */
export function downsampleIndices(size: number, maxPoints: number): number[] {
  if (size <= maxPoints) return Array.from({ length: size }, (_, i) => i);
  const out: number[] = [];
  for (let j = 0; j < maxPoints; j++) {
    const index = Math.round((j * (size - 1)) / (maxPoints - 1));
    if (out.length === 0 || out[out.length - 1] !== index) out.push(index);
  }
  return out;
}

function pick(values: number[], indices: number[]): number[] {
  return indices.map((i) => values[i]);
}
