import { describe, expect, it } from 'vitest';
import { setEvaluator } from './set.js';

// Three classes, four rows (truth → prediction):
//   {0, 1} → {1}      intersection 1, union 2
//   {}     → {}       both empty: 1
//   {2}    → {0, 2}   1 / 2
//   {0}    → {1, 2}   0
const targets = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
const probabilities = Float32Array.from([0.2, 0.9, 0.1, 0.3, 0.1, 0.4, 0.8, 0.2, 0.7, 0.4, 0.6, 0.5]);
const input = { probabilities, targets, labels: ['x', 'y', 'z'] };

describe('set statistics', () => {
  const stats = setEvaluator.statistics(input, {});

  it('averages per-row jaccard, an empty row with an empty prediction counting 1', () => {
    expect(stats.jaccard).toBe((0.5 + 1 + 0.5 + 0) / 4);
  });

  it('computes micro precision, recall and f1 over all cells', () => {
    // TP 2, predicted 5, true 4.
    expect(stats.precision_micro).toBeCloseTo(2 / 5, 12);
    expect(stats.recall_micro).toBe(0.5);
    expect(stats.f1_micro).toBeCloseTo((2 * 0.4 * 0.5) / 0.9, 12);
  });

  it('gives per-class precision, recall and support', () => {
    expect(stats.per_class_stats.x).toEqual({ precision: 0, recall: 0, f1_score: 0, support: 2 });
    expect(stats.per_class_stats.z).toEqual({ precision: 0.5, recall: 1, f1_score: 2 / 3, support: 1 });
  });

  it('computes sigmoid cross-entropy as the mean over cells', () => {
    let sum = 0;
    probabilities.forEach((p, i) => (sum -= targets[i] ? Math.log(p) : Math.log(1 - p)));
    expect(stats.loss).toBeCloseTo(sum / 12, 6);
  });

  it('scores all-empty rows with all-empty predictions as perfect, without NaN', () => {
    const empty = setEvaluator.epoch(
      { probabilities: new Float32Array(6).fill(0.1), targets: new Uint8Array(6), labels: ['x', 'y', 'z'] },
      {},
    );
    expect(empty.jaccard).toBe(1);
    expect(empty.precision_micro).toBe(0);
    expect(empty.f1_micro).toBe(0);
  });
});
