import { describe, expect, it } from 'vitest';
import type { MetricSeries, RunEvent } from './types';
import { mergeMetricEvents } from './use-run-events';

const metric = (step: number, value: number, split = 'validation'): RunEvent => ({ type: 'metric', runId: 'r', ts: 0, epoch: step, step, split, feature: 'label', metric: 'loss', value });

describe('mergeMetricEvents', () => {
  const history: MetricSeries[] = [{ split: 'validation', output: 'label', metric: 'loss', total: 2, downsampled: false, points: [{ step: 1, epoch: 1, value: 0.9 }, { step: 2, epoch: 2, value: 0.7 }] }];

  it('appends new steps and skips steps the history already has (replayed events)', () => {
    const merged = mergeMetricEvents(history, [metric(2, 0.7), metric(3, 0.5)]);
    expect(merged[0].points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(merged[0].total).toBe(3);
  });

  it('starts a series the first time its split appears', () => {
    const merged = mergeMetricEvents(history, [metric(3, 0.4, 'test')]);
    expect(merged.map((s) => s.split)).toEqual(['validation', 'test']);
    expect(merged[1].points).toEqual([{ step: 3, epoch: 3, value: 0.4 }]);
  });

  it('does not change the series it was given', () => {
    mergeMetricEvents(history, [metric(3, 0.5)]);
    expect(history[0].points).toHaveLength(2);
  });
});
