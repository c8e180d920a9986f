import { OvertureError } from '@overture/config';
import { lineChart, stem } from './charts.js';
import { thresholdSteps } from './thresholds.js';
import { oneVsAll, positiveClass, type Visualization } from './visualization.js';

type Counts = { tp: number; fp: number; tn: number; fn: number };
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** The metrics --metrics may name, computed from the confusion counts at one threshold. */
const thresholdMetrics = {
  accuracy: (c: Counts) => ratio(c.tp + c.tn, c.tp + c.fp + c.tn + c.fn),
  precision: (c: Counts) => ratio(c.tp, c.tp + c.fp),
  recall: (c: Counts) => ratio(c.tp, c.tp + c.fn),
  f1: (c: Counts) => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
  specificity: (c: Counts) => ratio(c.tn, c.tn + c.fp),
} satisfies Record<string, (c: Counts) => number>;
type ThresholdMetric = keyof typeof thresholdMetrics;

/** Each --metrics value (default f1) as P(--positive_label) ≥ threshold moves from 0 to 1, per model. */
export const binaryThresholdVsMetric: Visualization = {
  needs: 'probabilities',
  description: 'accuracy, precision, recall, f1 or specificity (--metrics) of --positive_label as the decision threshold moves',
  charts({ probabilities, positiveLabel, metrics }) {
    const unknown = metrics.filter((m) => !(m in thresholdMetrics));
    if (unknown.length) throw new OvertureError('invalid_input', `--metrics ${unknown.join(', ')}: binary_threshold_vs_metric plots ${Object.keys(thresholdMetrics).join(', ')}`);
    const label = positiveClass(probabilities[0], positiveLabel);
    const { feature } = probabilities[0];
    return (metrics as ThresholdMetric[]).map((metric) => {
      const rows = probabilities.flatMap((run) => {
        const { probabilities: p, targets } = oneVsAll(run, positiveLabel);
        return thresholdSteps.map((threshold) => {
          const c: Counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
          for (let i = 0; i < p.length; i++) {
            const predicted = p[i] >= threshold;
            if (predicted) targets[i] ? c.tp++ : c.fp++;
            else targets[i] ? c.fn++ : c.tn++;
          }
          return { threshold, value: thresholdMetrics[metric](c), model: run.model };
        });
      });
      return { name: stem('binary_threshold_vs_metric', feature, label, metric), spec: lineChart({ title: `${metric} vs threshold: ${feature} = ${label}`, rows, x: 'threshold', y: 'value', color: 'model', yTitle: metric, domain: [0, 1], points: true }) };
    });
  },
};
