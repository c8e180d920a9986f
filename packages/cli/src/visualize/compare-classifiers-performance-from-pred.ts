import { groupedBarChart, stem } from './charts.js';
import type { PredictionRun } from './inputs.js';
import type { Visualization } from './visualization.js';

/** Accuracy and macro-averaged precision, recall and F1 (classes a model never predicts nor meets count 0, as sklearn's zero_division). */
export function predictionMetrics(run: PredictionRun): { accuracy: number; precision: number; recall: number; f1: number } {
  const k = run.labels.length;
  const tp = new Float64Array(k);
  const predictedCount = new Float64Array(k);
  const trueCount = new Float64Array(k);
  for (let i = 0; i < run.targets.length; i++) {
    predictedCount[run.predicted[i]]++;
    trueCount[run.targets[i]]++;
    if (run.predicted[i] === run.targets[i]) tp[run.targets[i]]++;
  }
  // sklearn's macro average runs over the labels present in the truth or the predictions.
  const present = [...Array(k).keys()].filter((c) => predictedCount[c] + trueCount[c] > 0);
  const macro = (f: (c: number) => number) => present.reduce((s, c) => s + f(c), 0) / present.length;
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    accuracy: ratio(tp.reduce((s, v) => s + v, 0), run.targets.length),
    precision: macro((c) => ratio(tp[c], predictedCount[c])),
    recall: macro((c) => ratio(tp[c], trueCount[c])),
    f1: macro((c) => ratio(2 * tp[c], predictedCount[c] + trueCount[c])),
  };
}

/** Accuracy and macro precision, recall and F1 of each model, from its predicted labels. */
export const compareClassifiersPerformanceFromPred: Visualization = {
  needs: 'predictions',
  description: 'accuracy and macro precision, recall and F1 of each model from its predicted labels (--predictions)',
  charts({ predictions }) {
    const rows = predictions.flatMap((run) => Object.entries(predictionMetrics(run)).map(([metric, value]) => ({ metric, value, model: run.model })));
    const { feature } = predictions[0];
    return [{ name: stem('compare_classifiers_performance_from_pred', feature), spec: groupedBarChart({ title: `Classifier performance from predictions: ${feature}`, rows, x: 'metric', y: 'value', group: 'model' }) }];
  },
};
