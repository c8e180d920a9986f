import { describe, expect, it } from 'vitest';
import { computeEpochMetrics, computeOutputStatistics } from './statistics.js';
import { metricsForOutputType } from './registry.js';

const f32 = (values: number[]) => Float32Array.from(values);
const input = {
  probabilities: f32([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4]),
  // argmaxes 0, 1, 1; predicted 0, 1, 2
  targets: f32([0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.6, 0.3]),
  labels: ['a', 'b', 'c'],
};

describe('category_distribution metrics', () => {
  it("reports Ludwig's metrics for the type, in registry order", () => {
    expect(metricsForOutputType('category_distribution')).toEqual(['loss', 'accuracy', 'accuracy_micro', 'hits_at_k', 'roc_auc', 'softmax_cross_entropy']);
  });

  it('compares argmaxes for accuracy and hits_at_k, and takes the soft cross entropy as loss', () => {
    const m = computeEpochMetrics('category_distribution', input, { topK: 2 });
    expect(m.accuracy).toBeCloseTo(2 / 3, 10);
    expect(m.accuracy_micro).toBeCloseTo(2 / 3, 10);
    // row 3: c (0.4) first, then a and b tie at 0.3 and the lower index (a) takes the second place, so b misses
    expect(m.hits_at_k).toBeCloseTo(2 / 3, 10);
    // mean −Σ y·log p over the three rows
    expect(m.softmax_cross_entropy).toBeCloseTo(1.1025424513791344, 6);
    expect(m.loss).toBeCloseTo(1.1025424513791344, 6);
  });

  it('reports the training loop loss as loss when given, and keeps the soft cross entropy beside it', () => {
    const m = computeEpochMetrics('category_distribution', input, { loss: 0.5 });
    expect(m.loss).toBe(0.5);
    expect(m.softmax_cross_entropy).toBeCloseTo(1.1025424513791344, 6);
  });

  it('gives test statistics with a confusion matrix of argmax(target) × argmax(prediction)', () => {
    const s = computeOutputStatistics('category_distribution', input, {});
    expect(s.confusion_matrix).toEqual([[1, 0, 0], [0, 1, 1], [0, 0, 0]]);
    expect(Object.keys(s.per_class_stats)).toEqual(['a', 'b', 'c']);
    expect(s.softmax_cross_entropy).toBeCloseTo(1.1025424513791344, 6);
  });
});
