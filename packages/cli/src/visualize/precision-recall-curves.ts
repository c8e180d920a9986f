import { computeOutputStatistics } from '@overture/trainer';
import { lineChart, stem } from './charts.js';
import { oneVsAll, positiveClass, type Visualization } from './visualization.js';

/** Precision-recall of --positive_label against the rest, from each model's predicted probabilities. */
export const precisionRecallCurves: Visualization = {
  needs: 'probabilities',
  description: 'precision-recall curve of --positive_label (one vs all) from predicted probabilities, one line per model',
  charts({ probabilities, positiveLabel }) {
    const label = positiveClass(probabilities[0], positiveLabel);
    const rows = probabilities.flatMap((run) => {
      const pr = computeOutputStatistics('binary', oneVsAll(run, positiveLabel)).precision_recall_curve;
      return pr ? pr.recalls.map((recall, i) => ({ recall, precision: pr.precisions[i], model: run.model })) : [];
    });
    const { feature } = probabilities[0];
    return [{ name: stem('precision_recall_curves', feature, label), spec: lineChart({ title: `Precision-recall curves: ${feature} = ${label}`, rows, x: 'recall', y: 'precision', color: 'model', domain: [0, 1] }) }];
  },
};
