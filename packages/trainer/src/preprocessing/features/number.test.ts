import { describe, expect, it } from 'vitest';
import { OvertureError } from '@overture/config';
import type { NumberPreprocessing } from '../config-view.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, output, trainTable } from '../test/helpers.js';
import type { NumberMetadata } from '../types.js';

const labels = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));

function preprocessNumbers(values: (string | null)[], preprocessing: Partial<NumberPreprocessing>, split?: string[]) {
  const table = trainTable({ x: values, y: labels(values.length) }, split);
  const config = makeConfig([input('x', 'number', { normalization: null, ...preprocessing })], [output('y', 'category')], allTrain);
  const result = preprocessForTraining(table, config, { seed: 42 });
  return { ...result, x: floats(result.dataset.features.x), meta: result.metadata.x as NumberMetadata };
}

describe('number missing values', () => {
  it('fills with fill_value by default (fill_with_const, 0)', () => {
    expect(preprocessNumbers(['1', null, '3'], {}).x).toEqual([1, 0, 3]);
    expect(preprocessNumbers(['1', null, '3'], { fill_value: 7 }).x).toEqual([1, 7, 3]);
  });

  it('fills with the mean of the training rows only', () => {
    const r = preprocessNumbers(['1', '3', null, '100'], { missing_value_strategy: 'fill_with_mean' }, ['0', '0', '0', '2']);
    expect(r.x).toEqual([1, 3, 2, 100]);
    expect(r.report.missingValuesFilled).toEqual({ x: 1 });
  });

  it('fills with the most frequent training value, the smallest on ties', () => {
    expect(preprocessNumbers(['2', '2', '5', null], { missing_value_strategy: 'fill_with_mode' }).x).toEqual([2, 2, 5, 2]);
    expect(preprocessNumbers(['5', '2', null], { missing_value_strategy: 'fill_with_mode' }).x).toEqual([5, 2, 2]);
  });

  it('ffill copies the previous value and fills a leading gap with the mode', () => {
    const r = preprocessNumbers([null, '4', null, null, '1', '1', null], { missing_value_strategy: 'ffill' });
    expect(r.x).toEqual([1, 4, 4, 4, 1, 1, 1]);
  });

  it('bfill copies the next value and fills a trailing gap with the mode', () => {
    const r = preprocessNumbers([null, '4', null, '1', '1', null], { missing_value_strategy: 'bfill' });
    expect(r.x).toEqual([4, 4, 1, 1, 1, 1]);
  });

  it('treats a NaN spelling as missing', () => {
    expect(preprocessNumbers(['1', 'NaN', '3'], { fill_value: -1 }).x).toEqual([1, -1, 3]);
  });
});

describe('number normalization (statistics from training rows only)', () => {
  const split = ['0', '0', '0', '2'];

  it('zscore uses the training mean and sample standard deviation', () => {
    const r = preprocessNumbers(['1', '2', '3', '100'], { normalization: 'zscore' }, split);
    expect(r.x).toEqual([-1, 0, 1, 98]);
    expect(r.meta).toMatchObject({ mean: 2, std: 1, min: 1, max: 3, median: 2, q1: 1.5, q3: 2.5 });
  });

  it('zscore with a constant column divides by 1', () => {
    expect(preprocessNumbers(['5', '5', '5', '7'], { normalization: 'zscore' }, split).x).toEqual([0, 0, 0, 2]);
  });

  it('minmax scales the training range to [0, 1]', () => {
    expect(preprocessNumbers(['2', '4', '6', '10'], { normalization: 'minmax' }, split).x).toEqual([0, 0.5, 1, 2]);
  });

  it('log1p takes log(1 + x)', () => {
    const r = preprocessNumbers(['0', String(Math.E - 1)], { normalization: 'log1p' });
    expect(r.x[0]).toBe(0);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it('log1p refuses values at or below -1', () => {
    expect(() => preprocessNumbers(['0', '-1'], { normalization: 'log1p' })).toThrow(/greater than -1/);
  });

  it('iq centres on the training median and divides by the interquartile range', () => {
    const r = preprocessNumbers(['1', '2', '3', '4', '5', '13'], { normalization: 'iq' }, ['0', '0', '0', '0', '0', '1']);
    expect(r.meta).toMatchObject({ median: 3, q1: 2, q3: 4 });
    expect(r.x).toEqual([-1, -0.5, 0, 0.5, 1, 5]);
  });
});

describe('number outliers', () => {
  // Twenty ones and a 100: mean 5.714, std 21.6, so 100 is beyond 3 std.
  const values = [...Array<string>(20).fill('1'), '100', '1000'];
  const split = [...Array<string>(21).fill('0'), '2'];

  it('replaces values beyond outlier_threshold std (also outside training) by outlier_strategy', () => {
    const r = preprocessNumbers(values, { outlier_strategy: 'fill_with_mean' }, split);
    expect(r.x).toEqual(Array(22).fill(1));
    expect(r.report.outliersReplaced).toEqual({ x: 2 });
    expect(r.meta.computed_outlier_fill_value).toBe(1);
  });

  it('keeps outliers when outlier_strategy is null', () => {
    expect(preprocessNumbers(values, {}, split).x.slice(20)).toEqual([100, 1000]);
  });

  it('drops outlier rows with outlier_strategy drop_row', () => {
    const r = preprocessNumbers(values, { outlier_strategy: 'drop_row' }, split);
    expect(r.dataset.rowCount).toBe(20);
    expect(r.report.droppedRows).toEqual([{ feature: 'x', reason: 'outlier', count: 2 }]);
  });
});

describe('non-numeric values in a number column', () => {
  it('treats a few as missing and counts them', () => {
    const values = Array.from({ length: 40 }, (_, i) => String(i));
    values[3] = 'abc';
    const r = preprocessNumbers(values, { fill_value: -5 });
    expect(r.x[3]).toBe(-5);
    expect(r.report.nonNumericValues).toEqual({ x: 1 });
  });

  it('fails when more than 5% are non-numeric, naming the column, count, rows and the category/text types', () => {
    const values = ['1', 'n/a', '3', 'abc', '5', '6', 'x', '8', '9', '10'];
    let error: unknown;
    try {
      preprocessNumbers(values, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OvertureError);
    const e = error as OvertureError;
    expect(e.code).toBe('invalid_data');
    expect(e.message).toContain("column 'x' has 3 non-numeric values out of 10 (30%)");
    expect(e.message).toContain("row 2 'n/a', row 4 'abc', row 7 'x'");
    expect(e.message).toContain('type: category');
    expect(e.message).toContain('type: text');
  });
});
