import { computeOutputStatistics } from '@overture/trainer';
import { lineChart, stem } from './charts.js';
import { oneVsAll, positiveClass, type Visualization } from './visualization.js';

/**
 * ROC of --positive_label against the rest, from each model's predicted probabilities; the
 * curve comes from the same code as test_statistics.json's roc_curve, so the two agree.
 */
export const rocCurves: Visualization = {
  needs: 'probabilities',
  description: 'ROC curve of --positive_label (one vs all) from predicted probabilities, one line per model',
  charts({ probabilities, positiveLabel }) {
    const label = positiveClass(probabilities[0], positiveLabel);
    const rows = probabilities.flatMap((run) => {
      const roc = computeOutputStatistics('binary', oneVsAll(run, positiveLabel)).roc_curve;
      return roc ? roc.false_positive_rate.map((fpr, i) => ({ fpr, tpr: roc.true_positive_rate[i], model: run.model })) : [];
    });
    const { feature } = probabilities[0];
    return [{ name: stem('roc_curves', feature, label), spec: lineChart({ title: `ROC curves: ${feature} = ${label}`, rows, x: 'fpr', y: 'tpr', color: 'model', xTitle: 'false positive rate', yTitle: 'true positive rate', domain: [0, 1], diagonal: true }) }];
  },
};
