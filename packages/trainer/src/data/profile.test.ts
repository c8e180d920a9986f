import { describe, expect, it } from 'vitest';
import { ZDatasetProfile } from '@overture/config';
import { profileTable } from './profile.js';
import type { RawTable } from './table.js';

const table = (data: Record<string, (string | null)[]>): RawTable => ({
  columns: Object.keys(data),
  rowCount: Object.values(data)[0].length,
  data,
});

describe('profileTable', () => {
  it('computes missing counts, distinct counts, numeric stats and a histogram', () => {
    const profile = profileTable(table({ n: ['1', '2', '3', '4', null], s: ['a', 'b', 'a', 'a', 'c d'] }));
    expect(ZDatasetProfile.parse(profile)).toEqual(profile);
    const [n, s] = profile.columns;
    expect(n).toMatchObject({ rowCount: 5, missingCount: 1, missingRatio: 0.2, distinctCount: 4, averageWords: 1 });
    expect(n.numeric).toEqual({ min: 1, max: 4, mean: 2.5, std: Math.sqrt(5 / 3) });
    expect(n.histogram).toEqual([
      { start: 1, end: 1.75, count: 1 },
      { start: 1.75, end: 2.5, count: 1 },
      { start: 2.5, end: 3.25, count: 1 },
      { start: 3.25, end: 4, count: 1 },
    ]);
    expect(s.numeric).toBeNull();
    expect(s.histogram).toBeNull();
    expect(s.topValues).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 1 },
      { value: 'c d', count: 1 },
    ]);
    expect(s.averageWords).toBeCloseTo(6 / 5);
  });

  it('keeps at most 20 top values, most frequent first', () => {
    const values = Array.from({ length: 300 }, (_, i) => `v${i % 30 < 25 ? i % 30 : 0}`);
    const [column] = profileTable(table({ v: values })).columns;
    expect(column.topValues).toHaveLength(20);
    expect(column.topValues[0]).toEqual({ value: 'v0', count: 60 });
    expect(column.topValues[1]).toEqual({ value: 'v1', count: 10 });
  });

  it('puts a constant numeric column in one histogram bin', () => {
    const [column] = profileTable(table({ c: ['7', '7', '7'] })).columns;
    expect(column.histogram).toEqual([{ start: 7, end: 7, count: 3 }]);
    expect(column.numeric).toEqual({ min: 7, max: 7, mean: 7, std: 0 });
  });

  it('leaves NaN spellings out of numeric stats without making the column non-numeric', () => {
    const [column] = profileTable(table({ x: ['1', 'NaN', '3', '5', '7'] })).columns;
    expect(column.numeric).toMatchObject({ min: 1, max: 7, mean: 4 });
    expect(column.inferredType).toBe('number');
  });

  it('samples evenly spaced rows when sampleRows is smaller than the table', () => {
    const n = Array.from({ length: 1000 }, (_, i) => String(i));
    const profile = profileTable(table({ n }), { sampleRows: 100 });
    expect(profile.rowCount).toBe(1000);
    expect(profile.sampledRows).toBe(100);
    expect(profile.columns[0].rowCount).toBe(100);
    expect(profile.columns[0].numeric).toMatchObject({ min: 0, max: 990 });
  });

  it('reports the distinct count as an upper bound once maxDistinct is reached', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `u${i}`);
    const [column] = profileTable(table({ user_id: ids }), { maxDistinct: 10 }).columns;
    expect(column.distinctCount).toBe(50);
    expect(column.idLike).toBe(true);
  });

  it('profiles 200,000 rows × 5 columns in well under a second', () => {
    const rows = 200_000;
    const data = {
      id: Array.from({ length: rows }, (_, i) => String(i)),
      price: Array.from({ length: rows }, (_, i) => ((i * 7919) % 10007 / 100).toFixed(2)),
      color: Array.from({ length: rows }, (_, i) => ['red', 'green', 'blue'][i % 3]),
      level: Array.from({ length: rows }, (_, i) => String(i % 7)),
      flag: Array.from({ length: rows }, (_, i) => (i % 2 ? 'true' : 'false')),
    };
    const started = performance.now();
    const profile = profileTable(table(data));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(profile.columns.map((column) => [column.name, column.inferredType, column.idLike])).toEqual([
      ['id', 'number', true],
      ['price', 'number', false],
      ['color', 'category', false],
      ['level', 'category', false],
      ['flag', 'binary', false],
    ]);
  });
});
