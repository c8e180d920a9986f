import { describe, expect, it } from 'vitest';
import { OvertureError } from '@overture/config';
import { preprocessForTraining } from '../preprocess-training.js';
import { input, makeConfig, makeTable, output } from '../test/helpers.js';
import { identityRows } from '../pipeline.js';
import { splitters, fnv1a32 } from './index.js';
import type { RawTable } from '../../data/table.js';

const context = (table: RawTable, seed = 42) => ({ table, rows: identityRows(table.rowCount), seed });
const counts = (split: Uint8Array) => [0, 1, 2].map((s) => split.filter((x) => x === s).length);

describe('random split', () => {
  const table = makeTable({ x: Array.from({ length: 100 }, (_, i) => String(i)) });

  it('gives exactly 70/10/20 of 100 rows', () => {
    expect(counts(splitters.random({ type: 'random', probabilities: [0.7, 0.1, 0.2] }, context(table)))).toEqual([70, 10, 20]);
  });

  it('is reproducible for a seed and differs for another', () => {
    const config = { type: 'random', probabilities: [0.7, 0.1, 0.2] } as const;
    const a = splitters.random(config, context(table, 42));
    expect(splitters.random(config, context(table, 42))).toEqual(a);
    const b = splitters.random(config, context(table, 43));
    expect(counts(b)).toEqual([70, 10, 20]);
    expect(b).not.toEqual(a);
  });

  it('is what preprocessForTraining reports with the default split', () => {
    const t = makeTable({ x: table.data.x, y: Array.from({ length: 100 }, (_, i) => (i % 3 ? 'a' : 'b')) });
    const { report, dataset } = preprocessForTraining(t, makeConfig([input('x', 'number')], [output('y', 'category')]), { seed: 42 });
    expect(report.split).toEqual({ train: 70, validation: 10, test: 20 });
    expect(dataset.split.length).toBe(100);
  });
});

describe('fixed split', () => {
  it('accepts 0/1/2 and train/validation/test spellings in any case', () => {
    const values = ['0', 'train', 'Training', 'VAL', 'valid', 'Validation', '1', 'TEST', '2', ' test '];
    const split = splitters.fixed({ type: 'fixed', column: 'split' }, context(makeTable({ split: values })));
    expect(Array.from(split)).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
  });

  it('reads the column named split by default', () => {
    expect(Array.from(splitters.fixed({ type: 'fixed' }, context(makeTable({ split: ['2', '0'] }))))).toEqual([2, 0]);
  });

  it('names the first offending rows and values', () => {
    const table = makeTable({ split: ['train', 'foo', 'test', null, '3'] });
    let error: unknown;
    try {
      splitters.fixed({ type: 'fixed', column: 'split' }, context(table));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OvertureError);
    expect((error as OvertureError).message).toBe(
      "Split column 'split' has 3 values that name no split: row 2 ('foo'), row 4 (missing), row 5 ('3'). " +
        'Use 0/1/2 or train/validation/test (also training, val, valid).',
    );
  });
});

describe('stratify split', () => {
  it('keeps each class’s proportions in every split', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? 'b' : 'a'));
    const table = makeTable({ label: labels });
    const split = splitters.stratify({ type: 'stratify', column: 'label', probabilities: [0.5, 0.25, 0.25] }, context(table));
    const perClass = (c: string) => counts(split.filter((_, i) => labels[i] === c));
    expect(perClass('a')).toEqual([40, 20, 20]);
    expect(perClass('b')).toEqual([10, 5, 5]);
  });
});

describe('datetime split', () => {
  it('puts the oldest rows in train and the newest in test', () => {
    const dates = ['2024-01-05', '2024-01-01', '2024-01-09', '2024-01-03', '2024-01-07', '2024-01-02', '2024-01-10', '2024-01-04', '2024-01-06', '2024-01-08'];
    const table = makeTable({ when: dates });
    const split = splitters.datetime({ type: 'datetime', column: 'when', probabilities: [0.6, 0.2, 0.2] }, context(table));
    const byDate = dates.map((d, i) => [d, split[i]] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(byDate.map(([, s]) => s)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2, 2]);
  });

  it('fails on values that are not dates', () => {
    const table = makeTable({ when: ['2024-01-01', 'soon', null] });
    expect(() => splitters.datetime({ type: 'datetime', column: 'when', probabilities: [0.7, 0.1, 0.2] }, context(table))).toThrow(
      "column 'when', but 2 are not: row 2 ('soon'), row 3 (missing)",
    );
  });
});

describe('hash split', () => {
  const config = { type: 'hash', column: 'id', probabilities: [0.7, 0.1, 0.2] } as const;
  const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `user-${from + i}`);

  it('keeps every row’s split when rows are appended', () => {
    const before = splitters.hash(config, context(makeTable({ id: ids(0, 500) })));
    const after = splitters.hash(config, context(makeTable({ id: [...ids(0, 500), ...ids(500, 1000)] })));
    expect(after.subarray(0, 500)).toEqual(before);
  });

  it('puts equal values in the same split and follows the probabilities', () => {
    const split = splitters.hash(config, context(makeTable({ id: [...ids(0, 2000), 'user-7'] })));
    expect(split[2000]).toBe(split[7]);
    const [train, validation, test] = counts(split.subarray(0, 2000)).map((c) => c / 2000);
    expect(train).toBeCloseTo(0.7, 1);
    expect(validation).toBeCloseTo(0.1, 1);
    expect(test).toBeCloseTo(0.2, 1);
  });

  it('hashes with 32-bit FNV-1a over UTF-8', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});
