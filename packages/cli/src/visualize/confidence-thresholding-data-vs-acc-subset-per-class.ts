import { stem } from './charts.js';
import { coverageCurve, dataVsAccuracyChart } from './data-vs-accuracy.js';
import { firstClasses, type Visualization } from './visualization.js';

/** confidence_thresholding_data_vs_acc_subset for each of the first --top_n_classes classes alone, a chart per class. */
export const confidenceThresholdingDataVsAccSubsetPerClass: Visualization = {
  needs: 'probabilities',
  description: 'accuracy against data coverage on the rows of each of the first --top_n_classes classes (--subset ground_truth or predictions), a chart per class',
  charts({ probabilities, topNClasses, subset }) {
    const { feature, labels } = probabilities[0];
    const k = firstClasses(topNClasses, labels.length);
    return labels.slice(0, k).map((label, c) => {
      const curves = probabilities.map((run) => ({
        model: run.model,
        points: coverageCurve(run, (row, predicted) => (subset === 'ground_truth' ? run.targets[row] : predicted) === c),
      }));
      return { name: stem('confidence_thresholding_data_vs_acc_subset_per_class', feature, label), spec: dataVsAccuracyChart(`Confidence thresholding (data vs accuracy) for class ${label}: ${feature}`, curves) };
    });
  },
};
