import { describe, expect, it } from 'vitest';
import { OvertureError } from '@overture/config';
import { preprocessForPrediction } from './preprocess-prediction.js';
import { preprocessForTraining } from './preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from './test/helpers.js';

const config = makeConfig(
  [input('x', 'number', { missing_value_strategy: 'drop_row', normalization: null }), input('c', 'category')],
  [output('y', 'category')],
  allTrain,
);
const { metadata } = preprocessForTraining(
  trainTable({ x: ['1', '2', '2', '9'], c: ['p', 'q', 'p', 'p'], y: ['a', 'b', 'a', 'b'] }),
  config,
  { seed: 42 },
);

describe('preprocessForPrediction', () => {
  it('never drops a row: a missing drop_row input takes the training mode and is reported', () => {
    const { dataset, rowErrors, warnings } = preprocessForPrediction(makeTable({ x: ['5', null, 'abc'], c: ['q', 'r', null] }), config, metadata);
    expect(dataset.rowCount).toBe(3);
    expect(Array.from(dataset.sourceRows)).toEqual([0, 1, 2]);
    expect(Array.from(dataset.split)).toEqual([0, 0, 0]);
    expect(floats(dataset.features.x)).toEqual([5, 2, 2]);
    expect(floats(dataset.features.c)).toEqual([2, 0, 0]);
    expect(dataset.features.y).toBeUndefined();
    expect(rowErrors).toEqual([]);
    expect(warnings).toEqual([
      { row: 2, message: "'x' is missing; filled with the training value (feature 'x' drops such rows in training)." },
      {
        row: 3,
        message: "'x' is not a number ('abc'); treated as missing. 'x' is missing; filled with the training value (feature 'x' drops such rows in training).",
      },
    ]);
  });

  it('encodes outputs when their column is present, for evaluation', () => {
    const { dataset, outputMissing } = preprocessForPrediction(makeTable({ x: ['1', '2', '3'], c: ['p', 'p', 'p'], y: ['b', null, 'a'] }), config, metadata);
    expect(floats(dataset.features.y)).toEqual([1, 0, 0]);
    expect(outputMissing).toEqual({ y: Uint8Array.from([0, 1, 0]) });
  });

  it('fails when an input column is absent', () => {
    let error: unknown;
    try {
      preprocessForPrediction(makeTable({ x: ['1'] }), config, metadata);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OvertureError);
    expect((error as OvertureError).code).toBe('invalid_input');
    expect((error as OvertureError).message).toBe("missing column 'c' required by input feature 'c'");
  });

  it('handles an empty request', () => {
    const { dataset } = preprocessForPrediction(makeTable({ x: [], c: [] }), config, metadata);
    expect(dataset.rowCount).toBe(0);
    expect(dataset.features.x.values.length).toBe(0);
  });
});
