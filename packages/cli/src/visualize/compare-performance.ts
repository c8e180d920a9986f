import { groupedBarChart, stem } from './charts.js';
import type { Chart } from './render.js';
import { outputsOf, requireCharts, type Visualization } from './visualization.js';

/** Scalar test metrics of one or more models side by side, per output (loss apart: its scale differs). */
export const comparePerformance: Visualization = {
  needs: 'test_statistics',
  description: 'the test metrics of each model as grouped bars, one chart per output',
  charts({ testStatistics, feature }) {
    const charts: Chart[] = [];
    for (const output of outputsOf(testStatistics.map((s) => s.value), feature)) {
      const rows = testStatistics.flatMap(({ model, value }) => Object.entries(value[output] ?? {})
        .filter(([metric, v]) => typeof v === 'number' && metric !== 'loss' && metric !== 'threshold')
        .map(([metric, v]) => ({ metric, value: v as number, model })));
      if (rows.length === 0) continue;
      charts.push({ name: stem('compare_performance', output), spec: groupedBarChart({ title: `Performance: ${output}`, rows, x: 'metric', y: 'value', group: 'model' }) });
    }
    return requireCharts('compare_performance', charts, 'the test statistics have no scalar metrics');
  },
};
