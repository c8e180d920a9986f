import { stem } from './charts.js';
import { coverageCurve, dataVsAccuracyChart } from './data-vs-accuracy.js';
import { firstClasses, type Visualization } from './visualization.js';

/**
 * confidence_thresholding_data_vs_acc on the rows of the first --top_n_classes classes, by true
 * class (--subset ground_truth) or predicted class (--subset predictions); coverage stays a share
 * of every row, so the curve shows how much of the whole data the subset answers.
 */
export const confidenceThresholdingDataVsAccSubset: Visualization = {
  needs: 'probabilities',
  description: 'accuracy against data coverage on the rows of the first --top_n_classes classes (--subset ground_truth or predictions), a line per model',
  charts({ probabilities, topNClasses, subset }) {
    const { feature, labels } = probabilities[0];
    const k = firstClasses(topNClasses, labels.length);
    const curves = probabilities.map((run) => ({
      model: run.model,
      points: coverageCurve(run, (row, predicted) => (subset === 'ground_truth' ? run.targets[row] : predicted) < k),
    }));
    return [{ name: stem('confidence_thresholding_data_vs_acc_subset', feature), spec: dataVsAccuracyChart(`Confidence thresholding (data vs accuracy), first ${k} class${k > 1 ? 'es' : ''} by ${subset === 'ground_truth' ? 'true' : 'predicted'} class: ${feature}`, curves) }];
  },
};
