import { describe, expect, it } from 'vitest';
import type { DatasetProfile } from './profile.js';
import { smallSplitWarnings, splitRows } from './split-sizes.js';

const profile = (rowCount: number, columns: DatasetProfile['columns'] = []): DatasetProfile => ({ rowCount, sampledRows: rowCount, columns });

describe('split sizes and small-data warnings', () => {
  it('counts the rows the default random split gives: 5 rows are 4 / 0 / 1', () => {
    expect(splitRows(profile(5), undefined)).toEqual({ training: 4, validation: 0, test: 1, exact: true });
    expect(splitRows(profile(1000), { type: 'random', probabilities: [0.8, 0.1, 0.1] })).toEqual({ training: 800, validation: 100, test: 100, exact: true });
  });

  it('counts a fixed split from the split column, and calls other splits approximate', () => {
    const split = { name: 'split', inferredType: 'category' as const, inferenceReason: '', rowCount: 12, missingCount: 0, missingRatio: 0, distinctCount: 3,
      topValues: [{ value: 'train', count: 8 }, { value: 'Test', count: 3 }, { value: '1', count: 1 }], numeric: null, histogram: null, averageWords: 1, idLike: false };
    expect(splitRows(profile(12, [split]), { type: 'fixed', column: 'split' })).toEqual({ training: 8, validation: 1, test: 3, exact: true });
    expect(splitRows(profile(10), { type: 'hash', column: 'k', probabilities: [0.7, 0.1, 0.2] }).exact).toBe(false);
  });

  it('warns of few training rows, of no validation rows (what early stopping does then) and of few test rows', () => {
    expect(smallSplitWarnings({ training: 4, validation: 0, test: 1, exact: true })).toEqual([
      'Only 4 training rows: the model has too little to learn from, and its scores will say little about new data. Add rows if you can.',
      'No validation rows: early stopping and the choice of the best epoch will watch the training loss, which keeps falling as the model memorizes its training rows. Give the validation split a share of the rows (preprocessing.split.probabilities).',
      'Only 1 test row: each test row moves the test scores by 100%.',
    ]);
    expect(smallSplitWarnings({ training: 700, validation: 100, test: 200, exact: true })).toEqual([]);
    expect(smallSplitWarnings({ training: 700, validation: 100, test: 0, exact: false })[0]).toMatch(/^No test rows/);
  });
});
