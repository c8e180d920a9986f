import type { MetricValue, Run } from '@overture/db';

export interface KeyMetric extends MetricValue {
  /** What the number means in words: "test accuracy of label". */
  label: string;
}

/** Splits in the order a user trusts them: held-out test rows first, training rows last. */
const splitPreference = ['test', 'validation', 'training'] as const;

/**
 * The one number a run is known by: the metric early stopping watched, on the test split when the
 * run has test rows (the validation value picked the checkpoint, so it flatters the model; the
 * training value says nothing about new data), at the step whose weights the run kept.
 */
export function keyMetricOf(run: Pick<Run, 'summary'>, metrics: readonly MetricValue[]): KeyMetric | null {
  const progress = (run.summary as { progress?: Record<string, unknown> } | null)?.progress;
  const output = typeof progress?.validation_field === 'string' ? progress.validation_field : undefined;
  const metric = typeof progress?.validation_metric === 'string' ? progress.validation_metric : undefined;
  const candidates = output && metric ? [[output, metric], [output, 'loss'], ['combined', 'loss']] : [['combined', 'loss']];
  for (const split of splitPreference) {
    for (const [o, m] of candidates) {
      const found = metrics.find((v) => v.split === split && v.output === o && v.metric === m && Number.isFinite(v.value));
      if (found) return withLabel(found);
    }
  }
  // No stored series (an imported bundle): the watched value; without validation rows it was the training split.
  const value = progress?.best_eval_metric_value;
  if (!output || !metric || typeof value !== 'number' || !Number.isFinite(value)) return null;
  return withLabel({ split: 'validation', output, metric, value });
}

function withLabel(v: MetricValue): KeyMetric {
  return { ...v, label: `${v.split} ${v.metric.replaceAll('_', ' ')} of ${v.output}` };
}
