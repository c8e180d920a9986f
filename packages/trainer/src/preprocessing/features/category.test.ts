import { describe, expect, it } from 'vitest';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { CategoryMetadata } from '../types.js';

const colours = ['red', 'blue', 'red', 'green', 'blue', 'red', null];
const target = ['a', 'b', 'a', 'b', 'a', 'b', 'a'];

describe('category vocabulary', () => {
  it('puts <UNK> first for inputs, then values by frequency, ties by value', () => {
    const config = makeConfig([input('c', 'category')], [output('y', 'category')], allTrain);
    const { dataset, metadata } = preprocessForTraining(trainTable({ c: colours, y: target }), config, { seed: 42 });
    const meta = metadata.c as CategoryMetadata;
    expect(meta.idx2str).toEqual(['<UNK>', 'red', 'blue', 'green']);
    expect(meta.str2idx).toEqual({ '<UNK>': 0, red: 1, blue: 2, green: 3 });
    expect(meta.str2freq).toEqual({ '<UNK>': 1, red: 3, blue: 2, green: 1 });
    expect(meta.vocab_size).toBe(4);
    expect(floats(dataset.features.c)).toEqual([1, 2, 1, 3, 2, 1, 0]);
    expect(dataset.features.c.dtype).toBe('int32');
  });

  it('caps the vocabulary at most_common; rarer values become <UNK>', () => {
    const config = makeConfig([input('c', 'category', { most_common: 2 })], [output('y', 'category')], allTrain);
    const { dataset, metadata } = preprocessForTraining(trainTable({ c: colours, y: target }), config, { seed: 42 });
    expect((metadata.c as CategoryMetadata).idx2str).toEqual(['<UNK>', 'red', 'blue']);
    expect(floats(dataset.features.c)).toEqual([1, 2, 1, 0, 2, 1, 0]);
  });

  it('lowercases values when asked', () => {
    const config = makeConfig([input('c', 'category', { lowercase: true })], [output('y', 'category')], allTrain);
    const { metadata } = preprocessForTraining(trainTable({ c: ['Red', 'RED', 'blue', 'red'], y: ['a', 'b', 'a', 'b'] }), config, { seed: 42 });
    expect((metadata.c as CategoryMetadata).idx2str).toEqual(['<UNK>', 'red', 'blue']);
  });

  it('builds output vocabularies without <UNK>, from all rows (labels absent from training still get an index)', () => {
    const config = makeConfig([input('c', 'category')], [output('y', 'category')], allTrain);
    const table = trainTable({ c: ['p', 'q', 'p', 'q'], y: ['b', 'a', 'b', 'z'] }, ['0', '0', '0', '2']);
    const { dataset, metadata } = preprocessForTraining(table, config, { seed: 42 });
    expect((metadata.y as CategoryMetadata).idx2str).toEqual(['b', 'a', 'z']);
    expect(floats(dataset.features.y)).toEqual([0, 1, 0, 2]);
  });

  it('maps values unseen in training to <UNK> at prediction', () => {
    const config = makeConfig([input('c', 'category')], [output('y', 'category')], allTrain);
    const { metadata } = preprocessForTraining(trainTable({ c: colours, y: target }), config, { seed: 42 });
    const { dataset, rowErrors } = preprocessForPrediction(makeTable({ c: ['green', 'purple', null] }), config, metadata);
    expect(floats(dataset.features.c)).toEqual([3, 0, 0]);
    expect(rowErrors).toEqual([]);
  });

  it('fills missing values with the training mode under fill_with_mode', () => {
    const config = makeConfig([input('c', 'category', { missing_value_strategy: 'fill_with_mode' })], [output('y', 'category')], allTrain);
    const { dataset, metadata } = preprocessForTraining(trainTable({ c: colours, y: target }), config, { seed: 42 });
    expect((metadata.c as CategoryMetadata).computed_fill_value).toBe('red');
    expect(floats(dataset.features.c)[6]).toBe(1);
  });

  it('refuses an output with a single class', () => {
    const config = makeConfig([input('c', 'category')], [output('y', 'category')], allTrain);
    expect(() => preprocessForTraining(trainTable({ c: ['p', 'q'], y: ['a', 'a'] }), config, { seed: 42 })).toThrow(
      "Output 'y' has only one class ('a') in column 'y': nothing to learn",
    );
  });
});
