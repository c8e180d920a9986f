import { describe, expect, it } from 'vitest';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { CategoryDistributionMetadata } from '../types.js';

const x = ['1', '2', '3'];
const config = (preprocessing: Record<string, unknown> = {}) =>
  makeConfig([input('x', 'number')], [output('mix', 'category_distribution', { vocab: ['a', 'b', 'c'], ...preprocessing })], allTrain);

describe('category_distribution outputs', () => {
  it("encodes each row as vocab-size floats, with Ludwig's metadata (idx2str, str2idx, vocab_size from preprocessing.vocab)", () => {
    const { dataset, metadata } = preprocessForTraining(trainTable({ x, mix: ['0.2 0.3 0.5', '1 0 0', '[0.25, 0.25, 0.5]'] }), config(), { seed: 1 });
    const meta = metadata.mix as CategoryDistributionMetadata;
    expect(meta).toMatchObject({ type: 'category_distribution', role: 'output', idx2str: ['a', 'b', 'c'], str2idx: { a: 0, b: 1, c: 2 }, vocab_size: 3 });
    expect(dataset.features.mix).toMatchObject({ dtype: 'float32', width: 3 });
    expect(floats(dataset.features.mix)).toEqual(Array.from(Float32Array.from([0.2, 0.3, 0.5, 1, 0, 0, 0.25, 0.25, 0.5])));
  });

  it('rescales a row that sums to nearly 1 (printed values) to sum exactly to 1', () => {
    const { dataset } = preprocessForTraining(trainTable({ x, mix: ['0.33 0.33 0.33', '0.5 0.5 0', '0 0 1'] }), config(), { seed: 1 });
    expect(floats(dataset.features.mix).slice(0, 3)).toEqual(Array.from(Float32Array.from([1 / 3, 1 / 3, 1 / 3])));
  });

  it('drops rows with a missing distribution by default (drop_row)', () => {
    const { dataset } = preprocessForTraining(trainTable({ x, mix: ['0.2 0.3 0.5', null, ''] }), config(), { seed: 1 });
    expect(dataset.rowCount).toBe(1);
  });

  it('fills a missing row with fill_value under fill_with_const', () => {
    const { dataset } = preprocessForTraining(trainTable({ x, mix: ['0.2 0.3 0.5', null, '0 1 0'] }), config({ missing_value_strategy: 'fill_with_const', fill_value: '0 0 1' }), { seed: 1 });
    expect(floats(dataset.features.mix).slice(3, 6)).toEqual([0, 0, 1]);
  });

  it.each([
    ['a row with fewer values than the vocab', '0.5 0.5', 'row 2 of column \'mix\' has 2 values, expected 3 (one probability per class of preprocessing.vocab)'],
    ['a negative value', '1.2 -0.2 0', 'row 2 of column \'mix\' has a negative probability -0.2 (class 2)'],
    ['values that do not sum to 1', '2 3 5', "row 2 of column 'mix' sums to 10, not 1"],
    ['a non-numeric cell', 'high low none', "row 2 of column 'mix' is not a list of numbers ('high low none')"],
  ])('fails training on %s, naming the feature and the row', (_, cell, message) => {
    expect(() => preprocessForTraining(trainTable({ x, mix: ['0.2 0.3 0.5', cell, '0 0 1'] }), config(), { seed: 1 })).toThrow(`Category distribution feature 'mix': ${message}`);
  });

  it('fails training without a vocab, naming the feature', () => {
    const noVocab = makeConfig([input('x', 'number')], [output('mix', 'category_distribution', { vocab: undefined as never })], allTrain);
    expect(() => preprocessForTraining(trainTable({ x, mix: ['0.2 0.3 0.5', '0 1 0', '0 0 1'] }), noVocab, { seed: 1 })).toThrow(
      "Category distribution feature 'mix': preprocessing.vocab must list the class names",
    );
  });

  it('refuses a fill_value that is not a distribution over the vocab', () => {
    expect(() => preprocessForTraining(trainTable({ x, mix: ['0.2 0.3 0.5', null, '0 0 1'] }), config({ missing_value_strategy: 'fill_with_const', fill_value: '1 1' }), { seed: 1 })).toThrow(
      "Category distribution feature 'mix': fill value '1 1' has 2 values, expected 3",
    );
  });

  it('reports a malformed target at evaluation as a row error and keeps the other rows', () => {
    const { metadata } = preprocessForTraining(trainTable({ x, mix: ['0.2 0.3 0.5', '0 1 0', '0 0 1'] }), config(), { seed: 1 });
    const { rowErrors } = preprocessForPrediction(makeTable({ x: ['1', '2'], mix: ['0.1 0.1 0.8', '0.5 0.6 0.7'] }), config(), metadata);
    expect(rowErrors).toEqual([{ row: 2, message: "'mix' sums to 1.8, not 1 (a distribution over the classes)." }]);
  });
});
