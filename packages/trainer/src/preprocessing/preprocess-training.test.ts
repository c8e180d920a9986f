import { describe, expect, it } from 'vitest';
import { OvertureError, resolveConfig } from '@overture/config';
import { preprocessForTraining } from './preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from './test/helpers.js';

function thrown(fn: () => unknown): OvertureError {
  try {
    fn();
  } catch (e) {
    if (e instanceof OvertureError) return e;
    throw e;
  }
  throw new Error('expected an OvertureError');
}

describe('preprocessForTraining', () => {
  it('drops a row missing in any drop_row feature from every feature', () => {
    const table = trainTable({
      x: ['1', null, '3', '4', '5'],
      c: ['p', 'q', null, 'p', 'q'],
      y: ['a', 'b', 'a', null, 'b'],
    });
    const config = makeConfig(
      [input('x', 'number', { missing_value_strategy: 'drop_row', normalization: null }), input('c', 'category')],
      [output('y', 'category')],
      allTrain,
    );
    const { dataset, report } = preprocessForTraining(table, config, { seed: 42 });
    expect(dataset.rowCount).toBe(3);
    expect(Array.from(dataset.sourceRows)).toEqual([0, 2, 4]);
    expect(floats(dataset.features.x)).toEqual([1, 3, 5]);
    expect(floats(dataset.features.c)).toEqual([1, 0, 2]);
    expect(floats(dataset.features.y)).toEqual([0, 0, 1]);
    expect(report.droppedRows).toEqual([
      { feature: 'x', reason: 'missing_value', count: 1 },
      { feature: 'y', reason: 'missing_value', count: 1 },
    ]);
    expect(report.rows).toEqual({ total: 5, sampled: 5, kept: 3, final: 3 });
    expect(report.missingValuesFilled).toEqual({ c: 1 });
    expect(report.split).toEqual({ train: 3, validation: 0, test: 0 });
  });

  it('names a configured column missing from the data and suggests the closest one', () => {
    const table = makeTable({ age: ['1'], label: ['a'] });
    const e = thrown(() => preprocessForTraining(table, makeConfig([input('agee', 'number')], [output('label', 'category')]), { seed: 42 }));
    expect(e.code).toBe('invalid_data');
    expect(e.message).toBe("Column 'agee' (input feature 'agee') is not in the data (did you mean 'age'?). The data has columns 'age', 'label'.");
    expect(e.details).toEqual([{ path: 'agee', message: "column 'agee' (input feature 'agee') is not in the data (did you mean 'age'?)", suggestion: 'age' }]);
  });

  it('refuses an output whose column has no values', () => {
    const table = trainTable({ x: ['1', '2'], y: [null, null] });
    expect(() => preprocessForTraining(table, makeConfig([input('x', 'number')], [output('y', 'category')], allTrain), { seed: 42 })).toThrow(
      "Output 'y' has no values: column 'y' is empty in every row.",
    );
  });

  it('refuses when no training rows are left after dropping', () => {
    const table = trainTable({ x: ['1', '2', '3'], y: [null, 'a', 'b'] }, ['0', '1', '2']);
    const e = thrown(() => preprocessForTraining(table, makeConfig([input('x', 'number')], [output('y', 'category')], allTrain), { seed: 42 }));
    expect(e.message).toContain("No training rows are left: of 3 rows, 2 were kept (dropped: 1 because 'y' had a missing value)");
  });

  it('samples sample_ratio of the rows reproducibly, keeping table order', () => {
    const n = 100;
    const table = makeTable({ x: Array.from({ length: n }, (_, i) => String(i)), y: Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : 'b')) });
    const config = makeConfig([input('x', 'number')], [output('y', 'category')], { sample_ratio: 0.3 });
    const a = preprocessForTraining(table, config, { seed: 42 });
    expect(a.dataset.rowCount).toBe(30);
    expect(a.report.rows.sampled).toBe(30);
    const rows = Array.from(a.dataset.sourceRows);
    expect(rows).toEqual([...rows].sort((p, q) => p - q));
    expect(preprocessForTraining(table, config, { seed: 42 }).dataset.sourceRows).toEqual(a.dataset.sourceRows);
    expect(preprocessForTraining(table, config, { seed: 7 }).dataset.sourceRows).not.toEqual(a.dataset.sourceRows);
    const sized = preprocessForTraining(table, makeConfig([input('x', 'number')], [output('y', 'category')], { sample_size: 12 }), { seed: 42 });
    expect(sized.dataset.rowCount).toBe(12);
  });
});

describe('over- and undersampling (training split only)', () => {
  // Training: 8 'no', 2 'yes'; validation/test: 4 'no' each split, untouched.
  const labels = [...Array<string>(8).fill('no'), 'yes', 'yes', 'no', 'no', 'no', 'no'];
  const split = [...Array<string>(10).fill('train'), 'validation', 'validation', 'test', 'test'];
  const table = trainTable({ x: labels.map((_, i) => String(i)), y: labels }, split);

  it('oversample_minority duplicates minority training rows up to ratio × majority', () => {
    const config = makeConfig([input('x', 'number')], [output('y', 'binary')], { ...allTrain, oversample_minority: 0.5 });
    const { dataset, report } = preprocessForTraining(table, config, { seed: 42 });
    expect(report.balance).toEqual({ feature: 'y', before: [8, 2], after: [8, 4] });
    expect(report.split).toEqual({ train: 12, validation: 2, test: 2 });
    expect(dataset.rowCount).toBe(16);
    expect(Array.from(dataset.sourceRows.subarray(14))).toEqual([8, 9]);
    expect(floats(dataset.features.y).slice(14)).toEqual([1, 1]);
    expect(Array.from(dataset.split.subarray(14))).toEqual([0, 0]);
  });

  it('undersample_majority removes majority training rows down to minority / ratio', () => {
    const config = makeConfig([input('x', 'number')], [output('y', 'binary')], { ...allTrain, undersample_majority: 0.5 });
    const { dataset, report } = preprocessForTraining(table, config, { seed: 42 });
    expect(report.balance).toEqual({ feature: 'y', before: [8, 2], after: [4, 2] });
    expect(report.split).toEqual({ train: 6, validation: 2, test: 2 });
    expect(Array.from(dataset.sourceRows.subarray(6))).toEqual([10, 11, 12, 13]);
  });

  it('needs a single binary output', () => {
    const config = makeConfig([input('x', 'number')], [output('y', 'category')], { ...allTrain, oversample_minority: 0.5 });
    expect(() => preprocessForTraining(table, config, { seed: 42 })).toThrow('need exactly one output feature, of type binary');
  });
});

describe('with a config resolved by @overture/config', () => {
  it('preprocesses a Ludwig-style config as written by a user', () => {
    const { config } = resolveConfig({
      input_features: [
        { name: 'age', type: 'number' },
        { name: 'plan', type: 'category', column: 'Plan' },
        { name: 'signup', type: 'date' },
      ],
      output_features: [{ name: 'churned', type: 'binary' }],
      preprocessing: { split: { type: 'fixed' } },
    });
    const table = makeTable({
      age: ['30', '40', null, '50'],
      Plan: ['pro', 'free', 'pro', null],
      signup: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'],
      churned: ['no', 'yes', null, 'no'],
      split: ['train', 'train', 'train', 'test'],
    });
    const { dataset, metadata, report } = preprocessForTraining(table, config, { seed: 42 });
    expect(dataset.rowCount).toBe(3);
    expect(report.droppedRows).toEqual([{ feature: 'churned', reason: 'missing_value', count: 1 }]);
    expect(metadata.age).toMatchObject({ type: 'number', role: 'input', column: 'age', mean: 35 });
    expect(floats(dataset.features.age)).toEqual([-0.7071067690849304, 0.7071067690849304, 2.1213202476501465]);
    // Kept rows: pro, free, missing → vocabulary [<UNK>, free, pro] (a tie, so by value).
    expect(floats(dataset.features.plan)).toEqual([2, 1, 0]);
    expect(floats(dataset.features.churned)).toEqual([0, 1, 0]);
    expect(Array.from(dataset.split)).toEqual([0, 0, 2]);
  });
});
