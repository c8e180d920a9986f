import { groupedBarChart, stem } from './charts.js';
import { firstClasses, topPredictions, trueRanks, type Visualization } from './visualization.js';

/**
 * Accuracy and hits at --top_k on the rows of the first --top_n_classes classes: rows whose true
 * class is one of them (--subset ground_truth) or whose predicted class is (--subset predictions).
 */
export const compareClassifiersPerformanceSubset: Visualization = {
  needs: 'probabilities',
  description: 'accuracy and hits@k (--top_k) of each model on the rows of the first --top_n_classes classes, by true class (--subset ground_truth) or predicted class (--subset predictions)',
  charts({ probabilities, topNClasses, subset, topK }) {
    const { feature, labels } = probabilities[0];
    const k = firstClasses(topNClasses, labels.length);
    let shareOfData = 1;
    const rows = probabilities.flatMap((run) => {
      const ranks = trueRanks(run);
      const { predicted } = topPredictions(run);
      const rowsIn = [...ranks.keys()].filter((i) => (subset === 'ground_truth' ? run.targets[i] : predicted[i]) < k);
      shareOfData = rowsIn.length / ranks.length;
      const mean = (f: (r: number) => number) => (rowsIn.length === 0 ? 0 : rowsIn.reduce((s, i) => s + f(ranks[i]), 0) / rowsIn.length);
      // With --subset predictions each model keeps its own rows: the legend says how many.
      const model = subset === 'predictions' ? `${run.model} (${(100 * shareOfData).toFixed(2)}%)` : run.model;
      return [
        { metric: 'accuracy', value: mean((r) => (r === 0 ? 1 : 0)), model },
        { metric: `hits_at_${topK}`, value: mean((r) => (r < topK ? 1 : 0)), model },
      ];
    });
    const classes = `first ${k} class${k > 1 ? 'es' : ''}`;
    const title = subset === 'ground_truth' ? `Classifier performance on ${classes} (${(100 * shareOfData).toFixed(2)}% of the data): ${feature}` : `Classifier performance on ${classes} predicted: ${feature}`;
    return [{ name: stem('compare_classifiers_performance_subset', feature), spec: groupedBarChart({ title, rows, x: 'metric', y: 'value', group: 'model' }) }];
  },
};
