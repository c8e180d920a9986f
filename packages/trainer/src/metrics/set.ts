import { OvertureError } from '@overture/config';
import { sigmoidCrossEntropy } from './cross-entropy.js';
import { defaultThreshold } from './binary.js';
import type { MetricsOptions, OutputEvaluator, SetMetricsInput } from './types.js';
import { chooseLoss, definedMetrics, finiteOrNull, requireClassCount, requireLength, requireRows } from './validate.js';

export interface SetClassStats {
  precision: number;
  recall: number;
  f1_score: number;
  /** Rows whose true set contains the class. */
  support: number;
}

/** One set output's entry in `test_statistics.json`. */
export type SetStatistics = {
  loss: number | null;
  /** Mean per-row |pred ∩ truth| / |pred ∪ truth|; a row with both sets empty scores 1. */
  jaccard: number;
  precision_micro: number;
  recall_micro: number;
  f1_micro: number;
  threshold: number;
  per_class_stats: Record<string, SetClassStats>;
};

interface SetCounts {
  n: number;
  k: number;
  jaccard: number;
  truePositives: Float64Array;
  predicted: Float64Array;
  support: Float64Array;
}

function countSet(input: SetMetricsInput, threshold: number): SetCounts {
  const { probabilities, targets, labels } = input;
  const k = labels.length;
  requireClassCount('set', k);
  requireLength('set', 'targets (rows × classes)', targets.length, probabilities.length);
  if (probabilities.length % k !== 0) {
    throw new OvertureError(
      'invalid_input',
      `set metrics: ${probabilities.length} probabilities do not split into rows of ${k} classes.`,
    );
  }
  const n = probabilities.length / k;
  requireRows('set', n);
  const truePositives = new Float64Array(k);
  const predicted = new Float64Array(k);
  const support = new Float64Array(k);
  let jaccardSum = 0;
  for (let i = 0; i < n; i++) {
    let intersection = 0;
    let union = 0;
    for (let c = 0; c < k; c++) {
      const cell = i * k + c;
      const isPredicted = probabilities[cell] >= threshold;
      const isTrue = targets[cell] >= 0.5;
      if (isPredicted) predicted[c]++;
      if (isTrue) support[c]++;
      if (isPredicted && isTrue) {
        truePositives[c]++;
        intersection++;
      }
      if (isPredicted || isTrue) union++;
    }
    jaccardSum += union === 0 ? 1 : intersection / union;
  }
  return { n, k, jaccard: jaccardSum / n, truePositives, predicted, support };
}

const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);
const f1 = (precision: number, recall: number): number => ratio(2 * precision * recall, precision + recall);

function computeSetStatistics(input: SetMetricsInput, options: MetricsOptions): SetStatistics {
  const threshold = options.threshold ?? defaultThreshold;
  const counts = countSet(input, threshold);
  let tp = 0;
  let predicted = 0;
  let support = 0;
  const perClass: [string, SetClassStats][] = [];
  for (let c = 0; c < counts.k; c++) {
    tp += counts.truePositives[c];
    predicted += counts.predicted[c];
    support += counts.support[c];
    const precision = ratio(counts.truePositives[c], counts.predicted[c]);
    const recall = ratio(counts.truePositives[c], counts.support[c]);
    perClass.push([input.labels[c], { precision, recall, f1_score: f1(precision, recall), support: counts.support[c] }]);
  }
  const precisionMicro = ratio(tp, predicted);
  const recallMicro = ratio(tp, support);
  return {
    loss: finiteOrNull(chooseLoss(options.loss, () => sigmoidCrossEntropy(input.probabilities, input.targets))),
    jaccard: counts.jaccard,
    precision_micro: precisionMicro,
    recall_micro: recallMicro,
    f1_micro: f1(precisionMicro, recallMicro),
    threshold,
    per_class_stats: Object.fromEntries(perClass),
  };
}

export const setEvaluator: OutputEvaluator<SetMetricsInput, SetStatistics> = {
  epoch(input, options) {
    const s = computeSetStatistics(input, options);
    return definedMetrics({
      loss: s.loss,
      jaccard: s.jaccard,
      precision_micro: s.precision_micro,
      recall_micro: s.recall_micro,
      f1_micro: s.f1_micro,
    });
  },
  statistics: computeSetStatistics,
};
