'use client';
import { formatMetric, humanize } from '@/client/format';
import type { RunListItem } from '@/client/types';

/** A metric's name inside a phrase: "accuracy", "mean squared error", but "ROC AUC" and "R²" as written. */
const metricWord = (metric: string) => {
  const plain = metric.replace(/_/g, ' ');
  const human = humanize(metric);
  return human.toLowerCase() === plain ? plain : human;
};

/** "Test accuracy 0.971": a run's key metric with the split it was measured on, never unlabelled. */
export function KeyMetric({ metric }: { metric: RunListItem['keyMetric'] }) {
  if (!metric) return <span className="faint">—</span>;
  return (
    <span title={`${metric.label}, at the epoch whose weights the run kept`} data-testid="key-metric">
      <span className="muted">{humanize(metric.split)}</span> {metricWord(metric.metric)} <strong>{formatMetric(metric.value)}</strong>
    </span>
  );
}

/** The same as plain text (select options, definition lists). */
export const keyMetricText = (metric: RunListItem['keyMetric']) =>
  metric ? `${humanize(metric.split)} ${metricWord(metric.metric)} ${formatMetric(metric.value)}` : '—';
