import { lineChart, stem } from './charts.js';
import type { Chart } from './render.js';
import { outputsOf, requireCharts, type Visualization } from './visualization.js';

type Pr = { precisions: number[]; recalls: number[] } | null | undefined;

/** The precision-recall curve that evaluation stored for each binary output, one line per model. */
export const precisionRecallCurvesFromTestStatistics: Visualization = {
  needs: 'test_statistics',
  description: 'the precision-recall curve of each binary output from test_statistics.json, one line per model',
  charts({ testStatistics, feature }) {
    const charts: Chart[] = [];
    for (const output of outputsOf(testStatistics.map((s) => s.value), feature)) {
      const rows = testStatistics.flatMap(({ model, value }) => {
        const pr = (value[output] as { precision_recall_curve?: Pr } | undefined)?.precision_recall_curve;
        return pr ? pr.recalls.map((recall, i) => ({ recall, precision: pr.precisions[i], model })) : [];
      });
      if (rows.length === 0) continue;
      charts.push({ name: stem('precision_recall_curves_from_test_statistics', output), spec: lineChart({ title: `Precision-recall curves: ${output}`, rows, x: 'recall', y: 'precision', color: 'model', domain: [0, 1] }) });
    }
    return requireCharts('precision_recall_curves_from_test_statistics', charts, 'no output in the test statistics has a precision_recall_curve (binary outputs with true rows in the test split do)');
  },
};
