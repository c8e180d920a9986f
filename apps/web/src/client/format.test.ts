import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatMetric, formatPercent, humanize } from './format';

describe('formats', () => {
  it('formats bytes with binary units', () => {
    expect([formatBytes(512), formatBytes(7326), formatBytes(3 * 1024 ** 3), formatBytes(null)]).toEqual(['512 B', '7.2 KB', '3.0 GB', '—']);
  });
  it('formats durations as people read them', () => {
    expect([formatDuration(3.4), formatDuration(75), formatDuration(3 * 3600 + 120), formatDuration(null)]).toEqual(['3s', '1m 15s', '3h 02m', '—']);
  });
  it('keeps four significant digits of a metric, exponents for the tiny ones', () => {
    expect([formatMetric(0.012894744), formatMetric(1), formatMetric(0.00001234), formatMetric(null)]).toEqual(['0.01289', '1', '1.23e-5', '—']);
  });
  it('formats fractions as percentages without a trailing .0', () => {
    expect([formatPercent(0.95), formatPercent(0.035), formatPercent(1)]).toEqual(['95%', '3.5%', '100%']);
  });
  it('turns metric names into words', () => {
    expect([humanize('mean_absolute_error'), humanize('roc_auc'), humanize('')]).toEqual(['Mean absolute error', 'ROC AUC', '']);
  });
});
