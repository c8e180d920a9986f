import { describe, expect, it } from 'vitest';
import { computeEpochMetrics, computeOutputStatistics } from './index.js';

const f32 = (values: number[]) => Float32Array.from(values);

describe('anomaly metrics', () => {
  // Labeled rows: scores 0.1 (0), 0.4 (1), 0.35 (0), 0.8 (1); the -1 row is left out of every label metric.
  const input = { scores: f32([0.1, 0.4, 0.35, 0.8, 100]), targets: f32([0, 1, 0, 1, -1]) };

  it('anomaly_auroc is the ROC AUC of the labeled rows, f1_max the best F1 of score >= t (Ludwig)', () => {
    const metrics = computeEpochMetrics('anomaly', input, { loss: 0.5 });
    expect(metrics).toEqual({ loss: 0.5, anomaly_auroc: 1, f1_max: 1 });
    // One anomaly below a normal row: 3 of the 4 positive-negative pairs are ordered right.
    const mixed = computeEpochMetrics('anomaly', { scores: f32([0.1, 0.2, 0.35, 0.8]), targets: f32([0, 1, 0, 1]) }, {});
    expect(mixed.anomaly_auroc).toBeCloseTo(0.75, 12);
    // t = 0.2 flags 3 rows: tp 2, fp 1 → F1 0.8; t = 0.8 flags 1: F1 2/3.
    expect(mixed.f1_max).toBeCloseTo(0.8, 12);
    expect(mixed.loss).toBeCloseTo((0.1 + 0.2 + 0.35 + 0.8) / 4, 6);
  });

  it("statistics give Ludwig's overall stats at the threshold, and the threshold of f1_max", () => {
    const stats = computeOutputStatistics('anomaly', { scores: f32([0.1, 0.2, 0.35, 0.8]), targets: f32([0, 1, 0, 1]) }, { threshold: 0.3 });
    // At 0.3: flagged 0.35 (normal) and 0.8 (anomaly) → precision 1/2, recall 1/2, F1 1/2.
    expect(stats).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, threshold: 0.3, labeled_rows: 4, anomalies: 2, rows: 4 });
    expect(stats.f1_max).toBeCloseTo(0.8, 12);
    expect(stats.f1_max_threshold).toBeCloseTo(0.2, 6);
    expect(stats.roc_auc).toBeCloseTo(0.75, 12);
  });

  it('without both labels the label metrics are absent (epoch) or null (statistics), and no threshold flags nothing', () => {
    const unlabeled = { scores: f32([1, 2]), targets: f32([-1, -1]) };
    expect(Object.keys(computeEpochMetrics('anomaly', unlabeled, {}))).toEqual(['loss']);
    const stats = computeOutputStatistics('anomaly', { scores: f32([1, 2]), targets: f32([0, 1]) }, {});
    expect(stats).toMatchObject({ threshold: null, precision: 0, recall: 0, f1: 0 });
    expect(computeOutputStatistics('anomaly', unlabeled, {})).toMatchObject({ anomaly_auroc: null, f1_max: null, precision: null });
  });
});
