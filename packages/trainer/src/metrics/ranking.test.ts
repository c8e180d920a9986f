import { describe, expect, it } from 'vitest';
import {
  averagePrecisionFromGroups,
  downsampleIndices,
  groupScores,
  precisionRecallCurveFromGroups,
  rocAuc,
  rocAucFromGroups,
  rocCurveFromGroups,
} from './ranking.js';

function groups(scores: number[], labels: number[]) {
  return groupScores(Float32Array.from(scores), Uint8Array.from(labels), scores.length);
}

describe('rocAucFromGroups', () => {
  it('matches the scikit-learn documentation example (0.75)', () => {
    expect(rocAucFromGroups(groups([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]))).toBeCloseTo(0.75, 12);
  });

  it('counts a positive tied with a negative as half a win (7/8)', () => {
    // Pairs: 0.5⁺ beats 0.2⁻, ties 0.5⁻ (½); 0.8⁺ beats both → 3.5 of 4.
    expect(rocAucFromGroups(groups([0.2, 0.5, 0.5, 0.8], [0, 0, 1, 1]))).toBe(7 / 8);
  });

  it('is 0.5 when every score is equal', () => {
    expect(rocAucFromGroups(groups([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1]))).toBe(0.5);
  });

  it('is null when only one class is present', () => {
    expect(rocAucFromGroups(groups([0.1, 0.9], [1, 1]))).toBeNull();
  });

  it('agrees with the one-pass rocAuc on tied random scores', () => {
    const scores = Float32Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 101) / 100);
    const labels = Uint8Array.from({ length: 2000 }, (_, i) => ((i * 104729) % 7 < 3 ? 1 : 0));
    const fromGroups = rocAucFromGroups(groupScores(scores, labels, scores.length))!;
    expect(rocAuc(scores, labels, scores.length)).toBeCloseTo(fromGroups, 12);
  });
});

describe('averagePrecisionFromGroups', () => {
  it('matches the scikit-learn documentation example (0.8333)', () => {
    expect(averagePrecisionFromGroups(groups([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]))).toBeCloseTo(5 / 6, 12);
  });

  it('is null without positives', () => {
    expect(averagePrecisionFromGroups(groups([0.1, 0.4], [0, 0]))).toBeNull();
  });
});

describe('curves', () => {
  it('gives one ROC point per distinct score from (0, 0) to (1, 1)', () => {
    const roc = rocCurveFromGroups(groups([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]))!;
    expect(roc.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(roc.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(roc.thresholds.map((t) => Number(t.toFixed(6)))).toEqual([1.8, 0.8, 0.4, 0.35, 0.1]);
  });

  it('starts the precision-recall curve at recall 0, precision 1', () => {
    const pr = precisionRecallCurveFromGroups(groups([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]))!;
    expect(pr.recalls).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(pr.precisions.map((p) => Number(p.toFixed(6)))).toEqual([1, 1, 0.5, 0.666667, 0.5]);
  });

  it('downsamples long curves to 200 points keeping both ends', () => {
    const n = 5000;
    const scores = Array.from({ length: n }, (_, i) => i / n);
    const labels = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const roc = rocCurveFromGroups(groups(scores, labels))!;
    expect(roc.fpr.length).toBe(200);
    expect([roc.fpr[0], roc.tpr[0]]).toEqual([0, 0]);
    expect([roc.fpr[199], roc.tpr[199]]).toEqual([1, 1]);
  });
});

describe('downsampleIndices', () => {
  it('keeps every index of a short series', () => {
    expect(downsampleIndices(4, 200)).toEqual([0, 1, 2, 3]);
  });

  it('keeps the first and last of a long one', () => {
    const kept = downsampleIndices(1000, 200);
    expect(kept.length).toBe(200);
    expect(kept[0]).toBe(0);
    expect(kept[199]).toBe(999);
  });
});
