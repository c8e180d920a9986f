import { heatmap, stem } from './charts.js';
import type { Chart } from './render.js';
import { outputsOf, requireCharts, type Visualization } from './visualization.js';

/** The test confusion matrix of each classifier output: rows are the truth, columns the prediction. */
export const confusionMatrix: Visualization = {
  needs: 'test_statistics',
  description: 'the test confusion matrix of each binary or category output (--normalize for row fractions)',
  charts({ testStatistics, feature, normalize }) {
    const charts: Chart[] = [];
    for (const { model, value } of testStatistics) {
      for (const output of outputsOf([value], feature)) {
        const stats = value[output] as { confusion_matrix?: number[][]; per_class_stats?: Record<string, unknown> };
        if (!Array.isArray(stats.confusion_matrix)) continue;
        const labels = Object.keys(stats.per_class_stats ?? {});
        const order = stats.confusion_matrix.map((_, i) => labels[i] ?? String(i));
        const rows = stats.confusion_matrix.flatMap((row, a) => {
          const total = row.reduce((s, v) => s + v, 0);
          return row.map((count, p) => ({ actual: order[a], predicted: order[p], value: normalize ? (total > 0 ? count / total : 0) : count }));
        });
        charts.push({
          name: stem('confusion_matrix', output, testStatistics.length > 1 ? model : ''),
          spec: heatmap({ title: `Confusion matrix: ${output}${testStatistics.length > 1 ? ` (${model})` : ''}${normalize ? ', normalized' : ''}`, rows, x: 'predicted', y: 'actual', value: 'value', valueTitle: normalize ? 'fraction of the row' : 'rows', order }),
        });
      }
    }
    return requireCharts('confusion_matrix', charts, 'no output in the test statistics has a confusion_matrix (only binary and category outputs do)');
  },
};
