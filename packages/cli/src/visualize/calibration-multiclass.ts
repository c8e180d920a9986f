import { computeOutputStatistics } from '@overture/trainer';
import { groupedBarChart, lineChart, stem } from './charts.js';
import type { Visualization } from './visualization.js';

/**
 * Top-label calibration: the confidence of each row's predicted class against how often it is
 * right (test_statistics.json's `calibration`), and each model's expected calibration error.
 */
export const calibrationMulticlass: Visualization = {
  needs: 'probabilities',
  description: 'confidence of the predicted class against its accuracy, and the expected calibration error of each model',
  charts({ probabilities }) {
    const { feature } = probabilities[0];
    const results = probabilities.map((run) => ({ run, calibration: computeOutputStatistics('category', { probabilities: run.probabilities, targets: run.targets, labels: run.labels }).calibration }));
    const rows = results.flatMap(({ run, calibration }) => calibration.bins.filter((b) => b.count > 0).map((b) => ({ confidence: b.mean_predicted, accuracy: b.fraction_positive, model: run.model })));
    const ece = results.map(({ run, calibration }) => ({ metric: 'expected calibration error', value: calibration.expected_calibration_error, model: run.model }));
    return [
      { name: stem('calibration_multiclass', feature), spec: lineChart({ title: `Calibration: ${feature}`, rows, x: 'confidence', y: 'accuracy', color: 'model', xTitle: 'confidence of the predicted class', yTitle: 'accuracy', domain: [0, 1], diagonal: true, points: true }) },
      { name: stem('calibration_multiclass', feature, 'ece'), spec: groupedBarChart({ title: `Expected calibration error: ${feature}`, rows: ece, x: 'metric', y: 'value', group: 'model' }) },
    ];
  },
};
