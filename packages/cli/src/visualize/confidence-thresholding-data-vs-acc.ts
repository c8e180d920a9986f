import { stem } from './charts.js';
import { coverageCurve, dataVsAccuracyChart } from './data-vs-accuracy.js';
import type { Visualization } from './visualization.js';

/** confidence_thresholding without the threshold axis: accuracy against the share of rows kept, a line per model. */
export const confidenceThresholdingDataVsAcc: Visualization = {
  needs: 'probabilities',
  description: 'accuracy against data coverage as the confidence threshold rises from 0 to 1, a line per model',
  charts({ probabilities }) {
    const { feature } = probabilities[0];
    const curves = probabilities.map((run) => ({ model: run.model, points: coverageCurve(run) }));
    return [{ name: stem('confidence_thresholding_data_vs_acc', feature), spec: dataVsAccuracyChart(`Confidence thresholding (data vs accuracy): ${feature}`, curves) }];
  },
};
