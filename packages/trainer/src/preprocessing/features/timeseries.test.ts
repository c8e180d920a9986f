import { describe, expect, it } from 'vitest';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { TimeseriesMetadata } from '../types.js';
import { parseSeries } from './timeseries.js';

const y = ['p', 'q', 'p'];
const category = [output('y', 'category')];

describe('timeseries cells', () => {
  it('reads space- and comma-separated numbers and JSON arrays, nan as a missing step', () => {
    expect(parseSeries(' 1  2.5\t-3 ', 'space')).toEqual([1, 2.5, -3]);
    expect(parseSeries('1, 2.5,-3', 'comma')).toEqual([1, 2.5, -3]);
    expect(parseSeries('[1, 2.5, -3]', 'space')).toEqual([1, 2.5, -3]);
    expect(parseSeries('[1 2]', 'comma')).toEqual([1, 2]);
    expect(parseSeries('[]', 'space')).toEqual([]);
    const withNan = parseSeries('1 nan 3', 'space') as number[];
    expect(Number.isNaN(withNan[1])).toBe(true);
    expect(parseSeries('1 two 3', 'space')).toEqual({ bad: 'two' });
    expect(parseSeries('1,2', 'space')).toEqual({ bad: '1,2' });
  });
});

describe('timeseries features (row-major cells)', () => {
  it("pads ragged inputs to the longest series on the right with padding_value, NaN steps too (Ludwig's build_matrix)", () => {
    const config = makeConfig([input('s', 'timeseries', { padding_value: 0.5 })], category, allTrain);
    const { dataset, metadata } = preprocessForTraining(trainTable({ s: ['1 2 3', '[4, nan]', '7'], y }), config, { seed: 42 });
    expect((metadata.s as TimeseriesMetadata).max_timeseries_length).toBe(3);
    expect(floats(dataset.features.s)).toEqual([1, 2, 3, 4, 0.5, 0.5, 7, 0.5, 0.5]);
  });

  it('pads on the left with padding: left', () => {
    const config = makeConfig([input('s', 'timeseries', { padding: 'left' })], category, allTrain);
    const { dataset } = preprocessForTraining(trainTable({ s: ['1 2 3', '4 5', '6'], y }), config, { seed: 42 });
    expect(floats(dataset.features.s)).toEqual([1, 2, 3, 0, 4, 5, 0, 0, 6]);
  });

  it('cuts a series longer than timeseries_length_limit to its first steps and counts the row in the report', () => {
    const config = makeConfig([input('s', 'timeseries', { timeseries_length_limit: 2 })], category, allTrain);
    const { dataset, report, metadata } = preprocessForTraining(trainTable({ s: ['1 2 3', '4 5', '6'], y }), config, { seed: 42 });
    expect((metadata.s as TimeseriesMetadata).max_timeseries_length).toBe(2);
    expect(floats(dataset.features.s)).toEqual([1, 2, 4, 5, 6, 0]);
    expect(report.truncatedSequences).toEqual({ s: 1 });
  });

  it('warns at prediction about a series longer than the trained length, and keeps its first steps', () => {
    const config = makeConfig([input('s', 'timeseries')], category, allTrain);
    const { metadata } = preprocessForTraining(trainTable({ s: ['1 2', '3 4', '5 6'], y }), config, { seed: 42 });
    const { dataset, warnings, rowErrors } = preprocessForPrediction(makeTable({ s: ['1 2 3 4', '[9, 8]'] }), config, metadata);
    expect(rowErrors).toEqual([]);
    expect(floats(dataset.features.s)).toEqual([1, 2, 9, 8]);
    expect(warnings).toEqual([{ row: 1, message: "'s' has 4 steps; the model reads the first 2." }]);
  });

  it('fails training on a cell with a token that is not a number, naming the row and the token', () => {
    const config = makeConfig([input('s', 'timeseries')], category, allTrain);
    expect(() => preprocessForTraining(trainTable({ s: ['1 2', '3 x4', '5'], y }), config, { seed: 42 })).toThrow(
      "Timeseries feature 's': row 2 of column 's' holds 'x4', which is not a number.",
    );
  });

  it('makes a non-number cell a row error at prediction and answers the other rows', () => {
    const config = makeConfig([input('s', 'timeseries')], category, allTrain);
    const { metadata } = preprocessForTraining(trainTable({ s: ['1 2', '3 4', '5'], y }), config, { seed: 42 });
    const { dataset, rowErrors } = preprocessForPrediction(makeTable({ s: ['1 1', 'one two'] }), config, metadata);
    expect(dataset.rowCount).toBe(2);
    expect(rowErrors).toEqual([{ row: 2, message: "'s' holds 'one', which is not a number." }]);
  });

  it('treats an empty series as missing: an input is filled (fill_value, all padding), an output row is dropped', () => {
    const config = makeConfig([input('s', 'timeseries')], [output('t', 'timeseries')], allTrain);
    const { dataset, report } = preprocessForTraining(
      trainTable({ s: ['1 2', '[]', '5 6', null], t: ['1 1', '2 2', '[]', '4 4'] }), config, { seed: 42 },
    );
    expect(dataset.rowCount).toBe(3);
    expect(floats(dataset.features.s)).toEqual([1, 2, 0, 0, 0, 0]);
    expect(floats(dataset.features.t)).toEqual([1, 1, 2, 2, 4, 4]);
    expect(report.droppedRows).toEqual([{ feature: 't', reason: 'missing_value', count: 1 }]);
    expect(report.missingValuesFilled.s).toBe(2);
  });

  it('fails training when no cell of the column holds a number', () => {
    const config = makeConfig([input('s', 'timeseries')], category, allTrain);
    expect(() => preprocessForTraining(trainTable({ s: ['[]', '', null], y }), config, { seed: 42 })).toThrow(
      "Timeseries feature 's': column 's' has no series with any numbers.",
    );
  });

  it('refuses a forecast target whose rows have different lengths, naming both rows', () => {
    const config = makeConfig([input('s', 'timeseries')], [output('t', 'timeseries')], allTrain);
    expect(() => preprocessForTraining(trainTable({ s: ['1', '2', '3'], t: ['1 2', '3 4', '5'] }), config, { seed: 42 })).toThrow(
      "Timeseries output 't': row 3 of column 't' has 1 steps where row 1 has 2; a forecast target needs the same number of steps in every row",
    );
  });
});

describe('timeseries features (window_size and horizon over a column)', () => {
  const column = ['1', '2', '3', '4', '5', '6'];

  it("builds Ludwig's time-delay windows: window_size values ending at the row, padding before the first row", () => {
    const config = makeConfig([input('x', 'timeseries', { window_size: 3 })], [output('y', 'number')], allTrain);
    const { dataset, metadata } = preprocessForTraining(trainTable({ x: column, y: column }), config, { seed: 42 });
    expect((metadata.x as TimeseriesMetadata).max_timeseries_length).toBe(3);
    expect(floats(dataset.features.x)).toEqual([0, 0, 1, 0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6]);
  });

  it('forecasts the horizon values after each row and drops the rows whose horizon runs past the last one', () => {
    const config = makeConfig(
      [input('x', 'timeseries', { window_size: 2 })],
      [{ ...output('next', 'timeseries', { horizon: 2 }), column: 'x' }],
      allTrain,
    );
    const { dataset, report } = preprocessForTraining(trainTable({ x: column }), config, { seed: 42 });
    expect(dataset.rowCount).toBe(4);
    expect(floats(dataset.features.x)).toEqual([0, 1, 1, 2, 2, 3, 3, 4]);
    expect(floats(dataset.features.next)).toEqual([2, 3, 3, 4, 4, 5, 5, 6]);
    expect(report.droppedRows).toEqual([{ feature: 'next', reason: 'missing_value', count: 2 }]);
  });

  it('refuses a horizon as long as the column (no row to forecast from) and a window longer than it', () => {
    const horizon = makeConfig([input('x', 'number')], [{ ...output('next', 'timeseries', { horizon: 6 }), column: 'x' }], allTrain);
    expect(() => preprocessForTraining(trainTable({ x: column }), horizon, { seed: 42 })).toThrow(
      "Timeseries feature 'next': horizon 6 needs more than 6 rows of column 'x' (one to forecast from), and the table has 6.",
    );
    const window = makeConfig([input('w', 'timeseries', { window_size: 7 })], [output('y', 'number')], allTrain);
    expect(() => preprocessForTraining(trainTable({ w: column, y: column }), window, { seed: 42 })).toThrow(
      "Timeseries feature 'w': window_size 7 is longer than column 'w' (6 rows), so no row has a full window.",
    );
  });

  it('fails training on a column cell that is not one number', () => {
    const config = makeConfig([input('x', 'timeseries', { window_size: 2 })], [output('y', 'number')], allTrain);
    expect(() => preprocessForTraining(trainTable({ x: ['1', '2', '3 4'], y: ['1', '2', '3'] }), config, { seed: 42 })).toThrow(
      "Timeseries feature 'x': row 3 of column 'x' holds 2 numbers; with window_size set each row holds one observation.",
    );
  });

  it('takes a whole series in a prediction cell as the window (its last window_size values, padded before when shorter)', () => {
    const config = makeConfig([input('x', 'timeseries', { window_size: 3 })], [output('y', 'number')], allTrain);
    const { metadata } = preprocessForTraining(trainTable({ x: column, y: column }), config, { seed: 42 });
    const whole = preprocessForPrediction(makeTable({ x: ['[6, 7, 8, 9]', '10 11'] }), config, metadata);
    expect(floats(whole.dataset.features.x)).toEqual([7, 8, 9, 0, 10, 11]);
    expect(whole.warnings).toEqual([]);
    // Single observations: each row's window is the request's rows up to it.
    const observations = preprocessForPrediction(makeTable({ x: ['1', '2', '3', '4'] }), config, metadata);
    expect(floats(observations.dataset.features.x)).toEqual([0, 0, 1, 0, 1, 2, 1, 2, 3, 2, 3, 4]);
  });
});
