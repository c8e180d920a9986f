import { describe, expect, it } from 'vitest';
import { metricPointsFromStatistics } from './bundle-statistics';

describe('metricPointsFromStatistics', () => {
  it('puts an evaluation every N steps at its step, and the last one at the final step', () => {
    const stats = { training: { combined: { loss: [3, 2, 1] } }, validation: {}, test: {}, evaluation_frequency: { frequency: 4, period: 'step' } };
    expect(metricPointsFromStatistics(stats, { steps: 10, steps_per_epoch: 5 })).toEqual([
      { split: 'training', output: 'combined', metric: 'loss', step: 4, epoch: 0, value: 3 },
      { split: 'training', output: 'combined', metric: 'loss', step: 8, epoch: 1, value: 2 },
      { split: 'training', output: 'combined', metric: 'loss', step: 10, epoch: 2, value: 1 },
    ]);
  });

  it('numbers evaluations 1, 2, … when the training progress does not say how long an epoch was', () => {
    const stats = { validation: { label: { accuracy: [0.5, null, 0.75] } }, evaluation_frequency: { frequency: 1, period: 'epoch' } };
    expect(metricPointsFromStatistics(stats, null)).toEqual([
      { split: 'validation', output: 'label', metric: 'accuracy', step: 1, epoch: 1, value: 0.5 },
      { split: 'validation', output: 'label', metric: 'accuracy', step: 3, epoch: 3, value: 0.75 },
    ]);
  });

  it('reads nothing from a file that is not training statistics', () => {
    expect(metricPointsFromStatistics([1, 2], null)).toEqual([]);
    expect(metricPointsFromStatistics({ training: 'x', validation: { a: { b: 'c' } } }, null)).toEqual([]);
  });
});
