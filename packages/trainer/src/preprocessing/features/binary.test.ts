import { describe, expect, it } from 'vitest';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { BinaryPreprocessing } from '../config-view.js';
import type { BinaryMetadata } from '../types.js';

function preprocessBinary(values: (string | null)[], preprocessing: Partial<BinaryPreprocessing> = {}) {
  const config = makeConfig([input('b', 'binary', preprocessing)], [output('y', 'category')], allTrain);
  const y = values.map((_, i) => (i % 2 ? 'p' : 'q'));
  const result = preprocessForTraining(trainTable({ b: values, y }), config, { seed: 42 });
  return { ...result, config, b: floats(result.dataset.features.b), meta: result.metadata.b as BinaryMetadata };
}

describe('binary features', () => {
  it('maps conventional booleans in any case, missing values to false by default', () => {
    const r = preprocessBinary(['Yes', 'no', 'TRUE', 'f', '1', '0', 'on', 'OFF', null]);
    expect(r.b).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 0]);
    expect(r.report.missingValuesFilled).toEqual({ b: 1 });
  });

  it('labels conventional classes with their most frequent spelling', () => {
    const r = preprocessBinary(['yes', 'no', 'no']);
    expect(r.meta.bool2str).toEqual(['no', 'yes']);
    expect(r.meta.str2bool).toEqual({ no: false, yes: true });
  });

  it('reads two unconventional values with the first in sorted order as true, as Ludwig does', () => {
    const r = preprocessBinary(['cat', 'dog', 'dog', 'cat']);
    expect(r.b).toEqual([1, 0, 0, 1]);
    expect(r.meta).toMatchObject({ str2bool: { cat: true, dog: false }, bool2str: ['dog', 'cat'], fallback_true_label: 'cat' });
  });

  it('takes fallback_true_label as the true value when set', () => {
    const r = preprocessBinary(['cat', 'dog', 'dog'], { fallback_true_label: 'cat' });
    expect(r.b).toEqual([1, 0, 0]);
    expect(r.meta.bool2str).toEqual(['dog', 'cat']);
  });

  it('fails on more than two unconventional values', () => {
    expect(() => preprocessBinary(['a', 'b', 'c'])).toThrow("Column 'b' of binary feature 'b' has 3 distinct values: 'a', 'b', 'c'");
  });

  it('fills with true, a constant or the mode', () => {
    expect(preprocessBinary(['no', null], { missing_value_strategy: 'fill_with_true' }).b).toEqual([0, 1]);
    expect(preprocessBinary(['no', null], { missing_value_strategy: 'fill_with_const', fill_value: 'yes' }).b).toEqual([0, 1]);
    expect(preprocessBinary(['yes', 'yes', 'no', null], { missing_value_strategy: 'fill_with_mode' }).b).toEqual([1, 1, 0, 1]);
  });

  it('reads unseen values at prediction with conventional spellings, then the true label', () => {
    const r = preprocessBinary(['cat', 'dog']);
    const { dataset, warnings } = preprocessForPrediction(makeTable({ b: ['cat', 'yes', 'bird'] }), r.config, r.metadata);
    expect(floats(dataset.features.b)).toEqual([1, 1, 0]);
    expect(warnings).toEqual([{ row: 3, message: "'b' has the value 'bird', not seen in training; read as false." }]);
  });

  it('refuses a binary output with a single class', () => {
    const config = makeConfig([input('x', 'number')], [output('y', 'binary')], allTrain);
    expect(() => preprocessForTraining(trainTable({ x: ['1', '2'], y: ['yes', 'yes'] }), config, { seed: 42 })).toThrow(
      "Output 'y' has only one class ('yes') in column 'y': nothing to learn",
    );
  });
});
