import { calibrationBins } from '@overture/trainer';
import { lineChart, stem } from './charts.js';
import { oneVsAll, type Visualization } from './visualization.js';

/** A reliability diagram per class: predicted P(class) against the observed fraction of that class. */
export const calibration1VsAll: Visualization = {
  needs: 'probabilities',
  description: 'reliability diagram of each class against the rest (10 equal-width bins), one line per model',
  charts({ probabilities }) {
    const { feature, labels } = probabilities[0];
    return labels.map((label, c) => {
      const rows = probabilities.flatMap((run) => {
        const { probabilities: p, targets } = oneVsAll(run, c);
        const { bins } = calibrationBins(p, (row) => targets[row]);
        return bins.filter((b) => b.count > 0).map((b) => ({ predicted: b.mean_predicted, observed: b.fraction_positive, model: run.model }));
      });
      return { name: stem('calibration_1_vs_all', feature, label), spec: lineChart({ title: `Calibration: ${feature} = ${label} vs all`, rows, x: 'predicted', y: 'observed', color: 'model', xTitle: 'mean predicted probability', yTitle: 'fraction of positives', domain: [0, 1], diagonal: true, points: true }) };
    });
  },
};
