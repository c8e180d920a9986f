import { describe, expect, it } from 'vitest';
import { categoryEvaluator, hitsAtK } from './category.js';

// truth → prediction:
//   a: a a b      b: b b c      c: c a
// Each row gives its predicted class 0.6 and the others 0.2.
const truth = [0, 0, 0, 1, 1, 1, 2, 2];
const predicted = [0, 0, 1, 1, 1, 2, 2, 0];
const probabilities = new Float32Array(truth.length * 3).fill(0.2);
predicted.forEach((p, i) => (probabilities[i * 3 + p] = 0.6));
const input = { probabilities, targets: Int32Array.from(truth), labels: ['a', 'b', 'c'] };

describe('category statistics', () => {
  const stats = categoryEvaluator.statistics(input, {});

  it('counts the confusion matrix with rows as truth and columns as prediction', () => {
    expect(stats.confusion_matrix).toEqual([
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 1],
    ]);
  });

  it('computes macro F1 by hand: (2/3 + 2/3 + 1/2) / 3 = 11/18', () => {
    expect(stats.overall_stats.avg_f1_score_macro).toBeCloseTo(11 / 18, 12);
    expect(stats.overall_stats.avg_precision_macro).toBeCloseTo(11 / 18, 12);
  });

  it('computes accuracy, micro averages and Cohen kappa (3/7)', () => {
    expect(stats.accuracy).toBe(5 / 8);
    expect(stats.overall_stats.overall_accuracy).toBe(5 / 8);
    expect(stats.overall_stats.avg_f1_score_micro).toBe(5 / 8);
    // po = 5/8, pe = (3·3 + 3·3 + 2·2) / 64 = 11/32.
    expect(stats.overall_stats.kappa_score).toBeCloseTo(3 / 7, 12);
  });

  it('weights by support', () => {
    // Recall 2/3, 2/3, 1/2 with support 3, 3, 2.
    expect(stats.overall_stats.avg_recall_weighted).toBeCloseTo(5 / 8, 12);
  });

  it('writes per-class stats keyed by label', () => {
    expect(stats.per_class_stats.c).toMatchObject({
      precision: 0.5,
      recall: 0.5,
      f1_score: 0.5,
      support: 2,
      true_positives: 1,
      false_positives: 1,
      false_negatives: 1,
      true_negatives: 5,
    });
    expect(stats.per_class_stats.c.specificity).toBeCloseTo(5 / 6, 12);
  });

  it('computes one-vs-rest roc_auc with ties', () => {
    // Class a: positives score .6 .6 .2, negatives .2 .2 .2 .2 .6 → (4.5 + 4.5 + 2) / 15.
    expect(stats.per_class_stats.a.roc_auc).toBeCloseTo(11 / 15, 12);
  });

  it('computes softmax cross-entropy from the probabilities', () => {
    expect(stats.loss).toBeCloseTo((5 * -Math.log(0.6) + 3 * -Math.log(0.2)) / 8, 6);
  });

  it('bins calibration by the winning probability', () => {
    // 0.6 as float32 is 0.60000002: the [0.6, 0.7) bin.
    const bin = stats.calibration.bins[6];
    expect(bin.count).toBe(8);
    expect(bin.fraction_positive).toBe(5 / 8);
    expect(stats.calibration.bins.filter((b) => b.count > 0)).toHaveLength(1);
  });
});

describe('hitsAtK', () => {
  it('breaks ties by class index, so k = 1 equals accuracy', () => {
    expect(hitsAtK(input.probabilities, input.targets, 3, 1)).toBe(5 / 8);
  });

  it('counts a truth ranked second for k = 2', () => {
    // Rows 2 (a under b) hits; rows 5 and 7 have the truth behind a lower-index tie.
    expect(hitsAtK(input.probabilities, input.targets, 3, 2)).toBe(6 / 8);
    expect(hitsAtK(input.probabilities, input.targets, 3, 3)).toBe(1);
  });

  it('caps top_k at the number of classes in the evaluator', () => {
    expect(categoryEvaluator.epoch(input, { topK: 10 }).hits_at_k).toBe(1);
  });
});

describe('category epoch metrics', () => {
  it('reports loss, accuracy, accuracy_micro, hits_at_k and macro roc_auc', () => {
    const metrics = categoryEvaluator.epoch(input, {});
    expect(Object.keys(metrics).sort()).toEqual(['accuracy', 'accuracy_micro', 'hits_at_k', 'loss', 'roc_auc']);
    expect(metrics.hits_at_k).toBe(1);
  });

  it('gives roc_auc 1 for a perfect ranking', () => {
    const perfect = {
      probabilities: Float32Array.from([0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8]),
      targets: Int32Array.from([0, 1, 2]),
      labels: ['x', 'y', 'z'],
    };
    const stats = categoryEvaluator.statistics(perfect, {});
    expect(stats.roc_auc).toBe(1);
    expect(stats.roc_auc_micro).toBe(1);
  });

  it('macro-averages only over classes present in the targets', () => {
    // Class z never occurs; x and y are perfectly ranked.
    const partial = {
      probabilities: Float32Array.from([0.7, 0.2, 0.1, 0.2, 0.7, 0.1]),
      targets: Int32Array.from([0, 1]),
      labels: ['x', 'y', 'z'],
    };
    const stats = categoryEvaluator.statistics(partial, {});
    expect(stats.roc_auc).toBe(1);
    expect(stats.per_class_stats.z.roc_auc).toBeNull();
    // Macro averages skip z, which is neither true nor predicted anywhere.
    expect(stats.overall_stats.avg_f1_score_macro).toBe(1);
  });
});
