import { groupedBarChart, stem } from './charts.js';
import type { ProbabilityRun } from './inputs.js';
import type { Visualization } from './visualization.js';

/** Rank of the true class in each row's probabilities (0 = predicted). */
function trueRanks(run: ProbabilityRun): Int32Array {
  const k = run.labels.length;
  const ranks = new Int32Array(run.targets.length);
  for (let i = 0; i < run.targets.length; i++) {
    const p = run.probabilities[i * k + run.targets[i]];
    let rank = 0;
    for (let c = 0; c < k; c++) {
      const q = run.probabilities[i * k + c];
      if (q > p || (q === p && c < run.targets[i])) rank++;
    }
    ranks[i] = rank;
  }
  return ranks;
}

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
