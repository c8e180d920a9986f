import type { PredictionRun, ProbabilityRun } from './inputs.js';

/** The class that --labels_limit n merges label indices ≥ n into. */
const rareLabel = (labels: string[], limit: number) => `${labels[limit]} and rarer`;

/**
 * Ludwig's --labels_limit: label indices above n count as label n, the "rare" class, and its
 * probability is the sum of theirs. Metadata orders labels by frequency, so the tail is merged.
 */
export function limitProbabilityLabels(run: ProbabilityRun, limit: number): ProbabilityRun {
  const k = run.labels.length;
  if (limit <= 0 || k <= limit + 1) return run;
  const n = run.targets.length;
  const probabilities = new Float32Array(n * (limit + 1));
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) probabilities[i * (limit + 1) + Math.min(c, limit)] += run.probabilities[i * k + c];
  }
  return {
    ...run,
    labels: [...run.labels.slice(0, limit), rareLabel(run.labels, limit)],
    probabilities,
    targets: run.targets.map((t) => Math.min(t, limit)),
  };
}

export function limitPredictionLabels(run: PredictionRun, limit: number): PredictionRun {
  if (limit <= 0 || run.labels.length <= limit + 1) return run;
  return {
    ...run,
    labels: [...run.labels.slice(0, limit), rareLabel(run.labels, limit)],
    predicted: run.predicted.map((p) => Math.min(p, limit)),
    targets: run.targets.map((t) => Math.min(t, limit)),
  };
}
