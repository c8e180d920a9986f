import { describe, expect, it } from 'vitest';
import { predictionMetrics } from './compare-classifiers-performance-from-pred.js';
import { agreement } from './compare-classifiers-predictions.js';
import { coverageCurve } from './data-vs-accuracy.js';
import type { PredictionRun, ProbabilityRun } from './inputs.js';
import { limitPredictionLabels, limitProbabilityLabels } from './labels-limit.js';
import { accuracyAtCoverage, thresholdGrid, type GridCell } from './two-thresholds.js';
import { firstClasses, trueRanks } from './visualization.js';

const probabilityRun = (rows: number[][], targets: number[], labels = ['a', 'b', 'c']): ProbabilityRun => ({
  model: 'm', feature: 'f', labels, probabilities: Float32Array.from(rows.flat()), targets: Int32Array.from(targets),
});
const predictionRun = (predicted: number[], targets: number[], labels = ['a', 'b', 'c']): PredictionRun => ({
  model: 'm', feature: 'f', labels, predicted: Int32Array.from(predicted), targets: Int32Array.from(targets),
});

describe('visualize computations', () => {
  it('macro precision, recall and F1 match a hand count (sklearn macro average over present labels)', () => {
    // truth a a b b c, predicted a b b b a: a p=1/2 r=1/2, b p=2/3 r=1, c p=0 r=0.
    const m = predictionMetrics(predictionRun([0, 1, 1, 1, 0], [0, 0, 1, 1, 2]));
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.precision).toBeCloseTo((1 / 2 + 2 / 3 + 0) / 3);
    expect(m.recall).toBeCloseTo((1 / 2 + 1 + 0) / 3);
    expect(m.f1).toBeCloseTo((1 / 2 + 0.8 + 0) / 3);
    // A label neither true nor predicted does not dilute the average.
    expect(predictionMetrics(predictionRun([0, 1], [0, 1])).precision).toBe(1);
  });

  it('agreement of two models splits every row into exactly one of five parts', () => {
    const truth = [0, 0, 1, 1, 2, 2];
    const c = agreement(predictionRun([0, 0, 1, 2, 0, 1], truth), predictionRun([0, 1, 0, 2, 0, 0], truth));
    expect(c).toEqual({ bothRight: 1, firstRightOnly: 2, secondRightOnly: 0, bothWrongSame: 2, bothWrongDifferent: 1 });
  });

  it('ranks of the true class give hits at k, ties going to the lower index', () => {
    const run = probabilityRun([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5], [0.4, 0.4, 0.2]], [1, 0, 1]);
    expect(Array.from(trueRanks(run))).toEqual([1, 2, 1]);
  });

  it('coverage counts kept rows over every row, subset or not, and accuracy only the kept ones', () => {
    const run = probabilityRun([[0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8]], [0, 1, 1, 2]);
    const all = coverageCurve(run);
    expect(all[0]).toEqual({ threshold: 0, coverage: 1, accuracy: 3 / 4 });
    expect(all.find((p) => p.threshold === 0.65)).toEqual({ threshold: 0.65, coverage: 3 / 4, accuracy: 1 });
    expect(all[20]).toEqual({ threshold: 1, coverage: 0, accuracy: null });
    const firstClass = coverageCurve(run, (row) => run.targets[row] === 0);
    expect(firstClass[0]).toEqual({ threshold: 0, coverage: 1 / 4, accuracy: 1 });
  });

  it('the two-threshold grid keeps a row when both outputs are confident and calls it right when both are', () => {
    const first = probabilityRun([[0.9, 0.1], [0.6, 0.4], [0.3, 0.7]], [0, 1, 1], ['n', 'y']);
    const second = probabilityRun([[0.8, 0.1, 0.1], [0.5, 0.4, 0.1], [0.1, 0.1, 0.8]], [0, 0, 1]);
    const grid = thresholdGrid(first, second);
    expect(grid).toHaveLength(21);
    expect(grid[0][0]).toEqual({ i: 0, j: 0, coverage: 1, accuracy: 1 / 3 });
    // First threshold 0.65 (index 13) keeps rows 0 and 2; second threshold 0.75 (15) keeps rows 0 and 2.
    expect(grid[13][15]).toEqual({ i: 13, j: 15, coverage: 2 / 3, accuracy: 1 / 2 });
    expect(grid[20][20].accuracy).toBeNull();
  });

  it('accuracy at a coverage interpolates one grid row, 1 below it and 0 above it (np.interp left=1, right=0)', () => {
    const row: GridCell[] = [
      { i: 0, j: 0, coverage: 0.8, accuracy: 0.6 },
      { i: 0, j: 1, coverage: 0.4, accuracy: 0.8 },
      { i: 0, j: 2, coverage: 0, accuracy: null },
    ];
    expect(accuracyAtCoverage(row, 0.6)).toBeCloseTo(0.7);
    expect(accuracyAtCoverage(row, 0.2)).toBe(1);
    expect(accuracyAtCoverage(row, 0.9)).toBe(0);
  });

  it('--labels_limit merges label indices above n into one class, summing their probabilities', () => {
    const run = limitProbabilityLabels(probabilityRun([[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]], [2, 1]), 1);
    expect(run.labels).toEqual(['a', 'b and rarer']);
    expect(Array.from(run.probabilities).map((p) => Number(p.toFixed(5)))).toEqual([0.5, 0.5, 0.1, 0.9]);
    expect(Array.from(run.targets)).toEqual([1, 1]);
    expect(limitProbabilityLabels(run, 0)).toBe(run);
    const predicted = limitPredictionLabels(predictionRun([2, 0], [1, 2]), 1);
    expect([Array.from(predicted.predicted), Array.from(predicted.targets)]).toEqual([[1, 0], [1, 1]]);
  });

  it('--top_n_classes 0 or more than there are means every class', () => {
    expect([firstClasses([0], 5), firstClasses([2], 5), firstClasses([9], 5), firstClasses([], 5)]).toEqual([5, 2, 5, 5]);
  });
});
