import { lineChart, stem } from './charts.js';
import { thresholdSteps } from './thresholds.js';
import { topPredictions, type Visualization } from './visualization.js';

/**
 * Keep only rows whose top probability reaches a threshold: accuracy on the kept rows and the
 * fraction of rows kept, as the threshold moves (how much data a confident model still answers).
 */
export const confidenceThresholding: Visualization = {
  needs: 'probabilities',
  description: 'accuracy on the rows whose confidence reaches a threshold, and the fraction of rows kept',
  charts({ probabilities }) {
    const rows = probabilities.flatMap((run) => {
      const n = run.targets.length;
      const { predicted, confidence } = topPredictions(run);
      const correct = Uint8Array.from(predicted, (p, i) => (p === run.targets[i] ? 1 : 0));
      return thresholdSteps.flatMap((threshold) => {
        let kept = 0;
        let right = 0;
        for (let i = 0; i < n; i++) if (confidence[i] >= threshold) { kept++; right += correct[i]; }
        return [
          { threshold, value: kept === 0 ? null : right / kept, quantity: 'accuracy', model: run.model },
          { threshold, value: kept / n, quantity: 'data coverage', model: run.model },
        ];
      });
    });
    const { feature } = probabilities[0];
    return [{ name: stem('confidence_thresholding', feature), spec: lineChart({ title: `Confidence thresholding: ${feature}`, rows, x: 'threshold', y: 'value', color: 'quantity', dash: probabilities.length > 1 ? 'model' : undefined, yTitle: 'accuracy / data coverage', domain: [0, 1], points: true }) }];
  },
};
