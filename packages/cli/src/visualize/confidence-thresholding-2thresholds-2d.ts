import { lineChart, stem } from './charts.js';
import type { Chart } from './render.js';
import { thresholdSteps } from './thresholds.js';
import { accuracyAtCoverage, thresholdGrid, thresholdPair } from './two-thresholds.js';
import type { Visualization } from './visualization.js';

/**
 * Two outputs thresholded at once (a row is kept when both are confident enough, right when both
 * are right): Ludwig's three charts — every first-output threshold's coverage/accuracy line, the
 * best accuracy reachable at each coverage, and the thresholds that reach it.
 */
export const confidenceThresholding2Thresholds2d: Visualization = {
  needs: 'threshold_probabilities',
  description: 'two outputs (--threshold_output_feature_names) thresholded together: coverage vs accuracy per first threshold, the best accuracy per coverage, and the thresholds giving it',
  charts({ thresholdProbabilities }) {
    const [first, second] = thresholdPair(thresholdProbabilities, 'confidence_thresholding_2thresholds_2d');
    const grid = thresholdGrid(first, second);
    const t1Name = `${first.feature} threshold`;
    const t2Name = `${second.feature} threshold`;
    const base = (part: string) => stem('confidence_thresholding_2thresholds_2d', first.feature, second.feature, part);
    const charts: Chart[] = [];

    const lines = grid.flatMap((row) => row.filter((c) => c.accuracy !== null).map((c) => ({ coverage: c.coverage, accuracy: c.accuracy, [t1Name]: thresholdSteps[c.i] })));
    charts.push({
      name: base('multiline'),
      spec: {
        title: `Coverage vs accuracy, two thresholds: ${first.feature} and ${second.feature}`, width: 480, height: 320, data: { values: lines.map((r, k) => ({ ...r, __order: k })) },
        mark: { type: 'line', point: true, strokeWidth: 1 },
        encoding: {
          x: { field: 'coverage', type: 'quantitative', title: 'data coverage', scale: { domain: [0, 1] } },
          y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } },
          color: { field: t1Name, type: 'quantitative', scale: { scheme: 'viridis' } },
          detail: { field: t1Name, type: 'nominal' },
          order: { field: '__order', type: 'quantitative' },
        },
      },
    });

    const best = thresholdSteps.map((coverage) => ({ coverage, accuracy: Math.max(...grid.map((row) => accuracyAtCoverage(row, coverage))) }));
    charts.push({ name: base('maxline'), spec: lineChart({ title: `Best accuracy per coverage, two thresholds: ${first.feature} and ${second.feature}`, rows: best.map((b) => ({ ...b, model: first.model })), x: 'coverage', y: 'accuracy', color: 'model', xTitle: 'data coverage', domain: [0, 1], points: true }) });

    // For each coverage band, the grid cell of highest accuracy: which pair of thresholds gets there.
    const cells = grid.flat();
    const withThresholds = thresholdSteps.slice(1).flatMap((upper, b) => {
      const lower = thresholdSteps[b];
      const band = cells.filter((c) => c.accuracy !== null && c.coverage >= lower && (c.coverage < upper || (upper === 1 && c.coverage === 1)));
      if (band.length === 0) return [];
      const top = band.reduce((m, c) => (c.accuracy! > m.accuracy! ? c : m));
      return [
        { coverage: upper, value: best[b + 1].accuracy, quantity: `${first.model} accuracy` },
        { coverage: upper, value: thresholdSteps[top.i], quantity: t1Name },
        { coverage: upper, value: thresholdSteps[top.j], quantity: t2Name },
      ];
    });
    charts.push({ name: base('maxline_with_thresholds'), spec: lineChart({ title: 'Coverage vs accuracy & thresholds', rows: withThresholds, x: 'coverage', y: 'value', color: 'quantity', xTitle: 'data coverage', yTitle: 'accuracy / threshold', domain: [0, 1], points: true }) });
    return charts;
  },
};
