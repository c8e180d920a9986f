import { groupedBarChart, stem } from './charts.js';
import { trueRanks, type Visualization } from './visualization.js';

/** Accuracy, hits at --top_k and mean reciprocal rank of each model, from its probabilities. */
export const compareClassifiersPerformanceFromProb: Visualization = {
  needs: 'probabilities',
  description: 'accuracy, hits@k (--top_k, default 3) and mean reciprocal rank of each model from its probabilities',
  charts({ probabilities, topK }) {
    const rows = probabilities.flatMap((run) => {
      const ranks = trueRanks(run);
      const n = ranks.length;
      const mean = (f: (r: number) => number) => ranks.reduce((s, r) => s + f(r), 0) / n;
      return [
        { metric: 'accuracy', value: mean((r) => (r === 0 ? 1 : 0)), model: run.model },
        { metric: `hits_at_${topK}`, value: mean((r) => (r < topK ? 1 : 0)), model: run.model },
        { metric: 'mrr', value: mean((r) => 1 / (r + 1)), model: run.model },
      ];
    });
    const { feature } = probabilities[0];
    return [{ name: stem('compare_classifiers_performance_from_prob', feature), spec: groupedBarChart({ title: `Classifier performance: ${feature}`, rows, x: 'metric', y: 'value', group: 'model' }) }];
  },
};
