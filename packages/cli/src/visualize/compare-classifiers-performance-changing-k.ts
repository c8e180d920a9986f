import { lineChart, stem } from './charts.js';
import { trueRanks, type Visualization } from './visualization.js';

/** Hits at k of each model as k goes from 1 to --top_k: how often the true class is among the k likeliest. */
export const compareClassifiersPerformanceChangingK: Visualization = {
  needs: 'probabilities',
  description: 'hits@k of each model as k goes from 1 to --top_k',
  charts({ probabilities, topK }) {
    const rows = probabilities.flatMap((run) => {
      const ranks = trueRanks(run);
      return Array.from({ length: topK }, (_, j) => ({ k: j + 1, 'hits@k': ranks.reduce((s, r) => s + (r <= j ? 1 : 0), 0) / ranks.length, model: run.model }));
    });
    const { feature } = probabilities[0];
    return [{ name: stem('compare_classifiers_performance_changing_k', feature), spec: lineChart({ title: `Classifier comparison (hits@k): ${feature}`, rows, x: 'k', y: 'hits@k', color: 'model', points: true, integerX: true }) }];
  },
};
