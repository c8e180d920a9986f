import { groupedBarChart, stem } from './charts.js';
import type { Visualization } from './visualization.js';

/** Ludwig's radar chart shows the first 10 classes. */
const CLASSES = 10;

/**
 * How often each class is predicted by each model against how often it is true, for the first
 * ten classes ordered by true frequency. Ludwig draws this as a radar; Vega-Lite has no polar
 * axes, so these are grouped bars of the same fractions.
 */
export const compareClassifiersPredictionsDistribution: Visualization = {
  needs: 'predictions',
  description: 'the fraction of rows each model predicts per class beside the true fraction, first 10 classes (Ludwig\'s radar, drawn as grouped bars)',
  charts({ predictions }) {
    const { labels, targets, feature } = predictions[0];
    const fractions = (values: Int32Array) => {
      const counts = new Float64Array(labels.length);
      for (const v of values) counts[v]++;
      return Array.from(counts, (c) => c / values.length);
    };
    const truth = fractions(targets);
    const shown = [...Array(Math.min(CLASSES, labels.length)).keys()].sort((a, b) => truth[b] - truth[a]);
    const series = [{ model: 'ground truth', fraction: truth }, ...predictions.map((run) => ({ model: run.model, fraction: fractions(run.predicted) }))];
    const rows = series.flatMap(({ model, fraction }) => shown.map((c) => ({ class: labels[c], fraction: fraction[c], model })));
    return [{ name: stem('compare_classifiers_predictions_distribution', feature), spec: groupedBarChart({ title: `Predictions distribution: ${feature}`, rows, x: 'class', y: 'fraction', group: 'model', yTitle: 'fraction of rows' }) }];
  },
};
