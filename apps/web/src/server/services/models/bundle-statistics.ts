import type { MetricPoint } from '@overture/db';

/** Ludwig's `training_statistics.json` as the trainer writes it (packages/trainer/src/training/statistics.ts). */
interface TrainingStatistics {
  evaluation_frequency?: { frequency?: unknown; period?: unknown };
  [split: string]: unknown;
}

const SPLITS = ['training', 'validation', 'test'] as const;
/** Far more than any real training writes; a larger file is cut here rather than stored whole. */
const MAX_POINTS = 200_000;

const positive = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null);

/**
 * The learning curves of a bundle trained elsewhere, as run metric rows: the trainer appends one
 * value per evaluation to each list of `training_statistics.json`, and evaluates every
 * `evaluation_frequency` epochs (or steps) and once more at the last step, so the i-th value
 * belongs to step min((i + 1) · steps per evaluation, last step). Without `steps_per_epoch` in the
 * training progress the evaluation number stands in for the step.
 */
export function metricPointsFromStatistics(statistics: unknown, progress: Record<string, unknown> | null): MetricPoint[] {
  if (!statistics || typeof statistics !== 'object') return [];
  const stats = statistics as TrainingStatistics;
  const stepsPerEpoch = positive(progress?.steps_per_epoch);
  const lastStep = positive(progress?.steps);
  const frequency = positive(stats.evaluation_frequency?.frequency) ?? 1;
  const period = stats.evaluation_frequency?.period === 'step' ? 'step' : 'epoch';
  const stepsPerEvaluation = period === 'step' ? frequency : stepsPerEpoch ? frequency * stepsPerEpoch : null;
  const points: MetricPoint[] = [];
  for (const split of SPLITS) {
    const outputs = stats[split];
    if (!outputs || typeof outputs !== 'object') continue;
    for (const [output, metrics] of Object.entries(outputs as Record<string, unknown>)) {
      if (!metrics || typeof metrics !== 'object') continue;
      for (const [metric, values] of Object.entries(metrics as Record<string, unknown>)) {
        if (!Array.isArray(values)) continue;
        values.forEach((value, i) => {
          if (typeof value !== 'number' || !Number.isFinite(value) || points.length >= MAX_POINTS) return;
          const step = stepsPerEvaluation ? Math.min((i + 1) * stepsPerEvaluation, lastStep ?? Infinity) : i + 1;
          const epoch = stepsPerEvaluation && stepsPerEpoch ? Math.floor(step / stepsPerEpoch) : i + 1;
          points.push({ split, output, metric, step: Math.round(step), epoch, value });
        });
      }
    }
  }
  return points;
}
