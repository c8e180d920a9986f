import { describe, expect, it } from 'vitest';
import { isBetter, metricGoal, metricsForOutputType } from './registry.js';

describe('metric registry', () => {
  it('knows which way each metric improves', () => {
    expect(metricGoal('loss')).toBe('minimize');
    expect(metricGoal('r2')).toBe('maximize');
    expect(metricGoal('mean_absolute_percentage_error')).toBe('minimize');
    expect(metricGoal('jaccard')).toBe('maximize');
  });

  it('rejects an unknown metric name', () => {
    expect(() => metricGoal('acuracy')).toThrow(/Unknown metric "acuracy"/);
  });

  it('compares candidates by goal', () => {
    expect(isBetter('accuracy', 0.9, 0.8)).toBe(true);
    expect(isBetter('accuracy', 0.8, 0.8)).toBe(false);
    expect(isBetter('loss', 0.1, 0.2)).toBe(true);
    expect(isBetter('loss', 0.3, 0.2)).toBe(false);
  });

  it('treats a missing best as beaten and a non-finite candidate as never better', () => {
    expect(isBetter('loss', 5, null)).toBe(true);
    expect(isBetter('loss', Number.NaN, 1)).toBe(false);
  });

  it('lists the metrics of each output type', () => {
    expect(metricsForOutputType('set')).toEqual(['loss', 'jaccard', 'precision_micro', 'recall_micro', 'f1_micro']);
    expect(metricsForOutputType('category')).toEqual(['loss', 'accuracy', 'accuracy_micro', 'hits_at_k', 'roc_auc']);
  });
});
