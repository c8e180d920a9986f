import { OvertureError } from '@overture/config';
import type { ProbabilityRun } from './inputs.js';
import { effectiveThreshold } from './data-vs-accuracy.js';
import { thresholdSteps } from './thresholds.js';
import { topPredictions } from './visualization.js';

export interface GridCell {
  /** Index into thresholdSteps of the first output's threshold, and of the second's. */
  i: number;
  j: number;
  /** Share of rows where both outputs' confidence reaches their thresholds. */
  coverage: number;
  /** Share of those rows where both outputs are right; null when none is kept. */
  accuracy: number | null;
}

/** The two outputs of --threshold_output_feature_names, refused unless there are exactly two. */
export function thresholdPair(runs: ProbabilityRun[], name: string): [ProbabilityRun, ProbabilityRun] {
  if (runs.length !== 2) {
    throw new OvertureError('invalid_input', `${name} needs two --threshold_output_feature_names (a binary or category output each), got ${runs.length}`);
  }
  return [runs[0], runs[1]];
}

/** Coverage and joint accuracy of every pair of thresholds (21 × 21), row-major by the first output's threshold. */
export function thresholdGrid(first: ProbabilityRun, second: ProbabilityRun): GridCell[][] {
  const a = topPredictions(first);
  const b = topPredictions(second);
  const n = first.targets.length;
  return thresholdSteps.map((t1, i) => thresholdSteps.map((t2, j) => {
    let kept = 0;
    let right = 0;
    for (let r = 0; r < n; r++) {
      if (a.confidence[r] < effectiveThreshold(t1) || b.confidence[r] < effectiveThreshold(t2)) continue;
      kept++;
      if (a.predicted[r] === first.targets[r] && b.predicted[r] === second.targets[r]) right++;
    }
    return { i, j, coverage: kept / n, accuracy: kept === 0 ? null : right / kept };
  }));
}

/**
 * Accuracy at coverage x along one row of the grid (the second threshold moving), linear between
 * its points: 1 below its least coverage and 0 above its most, as Ludwig's np.interp(left=1, right=0).
 */
export function accuracyAtCoverage(row: GridCell[], x: number): number {
  const points = row.filter((c) => c.accuracy !== null).map((c) => ({ x: c.coverage, y: c.accuracy! })).sort((p, q) => p.x - q.x);
  if (points.length === 0 || x < points[0].x) return 1;
  if (x > points[points.length - 1].x) return 0;
  for (let k = 1; k < points.length; k++) {
    const p = points[k - 1];
    const q = points[k];
    if (x <= q.x) return q.x === p.x ? q.y : p.y + ((x - p.x) / (q.x - p.x)) * (q.y - p.y);
  }
  return points[0].y;
}
