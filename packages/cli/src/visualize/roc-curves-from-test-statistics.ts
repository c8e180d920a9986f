import { lineChart, stem } from './charts.js';
import type { Chart } from './render.js';
import { outputsOf, requireCharts, type Visualization } from './visualization.js';

type Roc = { false_positive_rate: number[]; true_positive_rate: number[] } | null | undefined;

/** The ROC curve that evaluation stored for each binary output, one line per model. */
export const rocCurvesFromTestStatistics: Visualization = {
  needs: 'test_statistics',
  description: 'the ROC curve of each binary output from test_statistics.json, one line per model',
  charts({ testStatistics, feature }) {
    const charts: Chart[] = [];
    for (const output of outputsOf(testStatistics.map((s) => s.value), feature)) {
      const rows = testStatistics.flatMap(({ model, value }) => {
        const roc = (value[output] as { roc_curve?: Roc } | undefined)?.roc_curve;
        return roc ? roc.false_positive_rate.map((fpr, i) => ({ fpr, tpr: roc.true_positive_rate[i], model })) : [];
      });
      if (rows.length === 0) continue;
      charts.push({ name: stem('roc_curves_from_test_statistics', output), spec: lineChart({ title: `ROC curves: ${output}`, rows, x: 'fpr', y: 'tpr', color: 'model', xTitle: 'false positive rate', yTitle: 'true positive rate', domain: [0, 1], diagonal: true }) });
    }
    return requireCharts('roc_curves_from_test_statistics', charts, 'no output in the test statistics has a roc_curve (binary outputs with both classes in the test split do)');
  },
};
