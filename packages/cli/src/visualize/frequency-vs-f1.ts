import { stem } from './charts.js';
import type { Chart } from './render.js';
import { outputsOf, requireCharts, type Visualization } from './visualization.js';

/**
 * Per class: its F1 score and how often it occurs in the test split (true positives + false
 * negatives), classes ordered by frequency, so rare classes that the model misses stand out.
 */
export const frequencyVsF1: Visualization = {
  needs: 'test_statistics',
  description: 'per-class F1 (bars) against class frequency in the test split (line)',
  charts({ testStatistics, feature }) {
    const charts: Chart[] = [];
    for (const { model, value } of testStatistics) {
      for (const output of outputsOf([value], feature)) {
        const perClass = (value[output] as { per_class_stats?: Record<string, { f1_score?: number; true_positives?: number; false_negatives?: number }> }).per_class_stats;
        if (!perClass) continue;
        const rows = Object.entries(perClass).map(([label, s]) => ({ label, f1: s.f1_score ?? 0, frequency: (s.true_positives ?? 0) + (s.false_negatives ?? 0) }))
          .sort((a, b) => b.frequency - a.frequency);
        charts.push({
          name: stem('frequency_vs_f1', output, testStatistics.length > 1 ? model : ''),
          spec: {
            title: `Frequency vs F1: ${output}${testStatistics.length > 1 ? ` (${model})` : ''}`, width: 480, height: 320, data: { values: rows },
            encoding: { x: { field: 'label', type: 'nominal', sort: null, axis: { labelAngle: -30 } } },
            layer: [
              { mark: { type: 'bar', color: '#3451d1' }, encoding: { y: { field: 'f1', type: 'quantitative', title: 'F1 score', scale: { domain: [0, 1] } } } },
              { mark: { type: 'line', color: '#e8590c', point: { color: '#e8590c' } }, encoding: { y: { field: 'frequency', type: 'quantitative', title: 'frequency' } } },
            ],
            resolve: { scale: { y: 'independent' } },
          },
        });
      }
    }
    return requireCharts('frequency_vs_f1', charts, 'no output in the test statistics has per_class_stats (only binary, category and set outputs do)');
  },
};
