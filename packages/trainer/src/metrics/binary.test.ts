import { describe, expect, it } from 'vitest';
import { binaryEvaluator } from './binary.js';
import { binaryCrossEntropy } from './cross-entropy.js';

// threshold 0.5 → predictions [1, 1, 0, 0, 1]: TP rows 0 and 4, FP row 1, FN row 2, TN row 3.
const input = {
  probabilities: Float32Array.from([0.9, 0.6, 0.4, 0.2, 0.7]),
  targets: Uint8Array.from([1, 0, 1, 0, 1]),
};

describe('binary statistics', () => {
  const stats = binaryEvaluator.statistics(input, {});

  it('counts a 2×2 confusion matrix with rows as truth', () => {
    expect(stats.confusion_matrix).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('derives accuracy, precision, recall, specificity and f1 from it', () => {
    expect(stats.accuracy).toBeCloseTo(3 / 5, 12);
    expect(stats.precision).toBeCloseTo(2 / 3, 12);
    expect(stats.recall).toBeCloseTo(2 / 3, 12);
    expect(stats.specificity).toBe(0.5);
    expect(stats.f1).toBeCloseTo(2 / 3, 12);
  });

  it('ranks for roc_auc: 5 of 6 positive–negative pairs are ordered', () => {
    // Positives 0.9, 0.4, 0.7 against negatives 0.6, 0.2: only 0.4 < 0.6 is wrong.
    expect(stats.roc_auc).toBeCloseTo(5 / 6, 12);
    expect(stats.roc_auc_macro).toBe(stats.roc_auc);
    expect(stats.roc_auc_micro).toBe(stats.roc_auc);
  });

  it('writes Ludwig per-class stats under False and True', () => {
    expect(Object.keys(stats.per_class_stats)).toEqual(['False', 'True']);
    expect(stats.per_class_stats.True.true_positives).toBe(2);
    expect(stats.per_class_stats.False.recall).toBe(0.5);
  });

  it('moves the decision with the threshold', () => {
    const strict = binaryEvaluator.statistics(input, { threshold: 0.8 });
    expect(strict.confusion_matrix).toEqual([
      [2, 0],
      [2, 1],
    ]);
    expect(strict.threshold).toBe(0.8);
  });

  it('reports the loss computed by the caller when given', () => {
    expect(binaryEvaluator.statistics(input, { loss: 0.123 }).loss).toBe(0.123);
  });
});

describe('binary epoch metrics', () => {
  it('holds only scalars', () => {
    expect(Object.keys(binaryEvaluator.epoch(input, {})).sort()).toEqual(
      ['accuracy', 'average_precision', 'f1', 'loss', 'precision', 'recall', 'roc_auc', 'specificity'],
    );
  });

  it('leaves out roc_auc when the split has one class, keeping precision at 0', () => {
    const metrics = binaryEvaluator.epoch({ probabilities: Float32Array.from([0.1, 0.2]), targets: Uint8Array.from([0, 0]) }, {});
    expect(metrics.roc_auc).toBeUndefined();
    expect(metrics.average_precision).toBeUndefined();
    expect(metrics.precision).toBe(0);
    expect(metrics.recall).toBe(0);
    expect(metrics.accuracy).toBe(1);
  });
});

describe('binaryCrossEntropy', () => {
  it('is ln 2 for a coin-flip prediction', () => {
    expect(binaryCrossEntropy(Float32Array.from([0.5, 0.5]), Uint8Array.from([1, 0]))).toBeCloseTo(Math.LN2, 7);
  });

  it('stays finite for a confidently wrong prediction', () => {
    const loss = binaryCrossEntropy(Float32Array.from([0]), Uint8Array.from([1]));
    expect(loss).toBeCloseTo(-Math.log(1e-7), 6);
  });
});
