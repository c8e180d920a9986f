import { lineChart } from './charts.js';
import type { ProbabilityRun } from './inputs.js';
import { thresholdSteps } from './thresholds.js';
import { topPredictions } from './visualization.js';

/** Ludwig's last threshold is 0.999, not 1: a probability of exactly 1 is rare after rounding. */
export const effectiveThreshold = (t: number) => (t < 1 ? t : 0.999);

export interface CoveragePoint {
  threshold: number;
  /** Rows kept over every row of the split (not only the subset's), as Ludwig does. */
  coverage: number;
  /** Accuracy on the kept rows; null when none is kept. */
  accuracy: number | null;
}

/** Coverage and accuracy as the confidence threshold rises, on the rows `inSubset` admits. */
export function coverageCurve(run: ProbabilityRun, inSubset: (row: number, predicted: number) => boolean = () => true): CoveragePoint[] {
  const { predicted, confidence } = topPredictions(run);
  const n = run.targets.length;
  return thresholdSteps.map((threshold) => {
    const t = effectiveThreshold(threshold);
    let kept = 0;
    let right = 0;
    for (let i = 0; i < n; i++) {
      if (!inSubset(i, predicted[i]) || confidence[i] < t) continue;
      kept++;
      if (predicted[i] === run.targets[i]) right++;
    }
    return { threshold, coverage: kept / n, accuracy: kept === 0 ? null : right / kept };
  });
}

/** Accuracy against data coverage, a line per model (points with nothing kept are left out). */
export function dataVsAccuracyChart(title: string, curves: { model: string; points: CoveragePoint[] }[]) {
  const rows = curves.flatMap(({ model, points }) => points.filter((p) => p.accuracy !== null).map((p) => ({ coverage: p.coverage, accuracy: p.accuracy, threshold: p.threshold, model })));
  return lineChart({ title, rows, x: 'coverage', y: 'accuracy', color: 'model', xTitle: 'data coverage', yTitle: 'accuracy', domain: [0, 1], points: true });
}
