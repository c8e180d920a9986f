import type { MetricPoint } from '@overture/db';
import type { ThreadMessage } from '../threads/protocol.js';

/** One row per (split, output or `combined`, metric) of an evaluation. */
export function evaluationPoints(m: Extract<ThreadMessage, { kind: 'evaluation' }>): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const [split, outputs] of Object.entries(m.metrics)) {
    for (const [output, metrics] of Object.entries(outputs ?? {})) {
      for (const [metric, value] of Object.entries(metrics)) points.push({ split, output, metric, step: m.step, epoch: m.epoch, value });
    }
  }
  return points;
}
