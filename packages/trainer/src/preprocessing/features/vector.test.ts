import { describe, expect, it } from 'vitest';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { VectorMetadata } from '../types.js';

const y = ['p', 'q', 'p'];

describe('vector features', () => {
  it('infers vector_size from the first value and fills missing rows with zeros', () => {
    const config = makeConfig([input('v', 'vector')], [output('y', 'category')], allTrain);
    const { dataset, metadata } = preprocessForTraining(trainTable({ v: [null, '1 2.5 -3', '[4, 5, 6]'], y }), config, { seed: 42 });
    expect((metadata.v as VectorMetadata).vector_size).toBe(3);
    expect(dataset.features.v.width).toBe(3);
    expect(floats(dataset.features.v)).toEqual([0, 0, 0, 1, 2.5, -3, 4, 5, 6]);
  });

  it('fails training on a vector of the wrong length, naming the row', () => {
    const config = makeConfig([input('v', 'vector')], [output('y', 'category')], allTrain);
    expect(() => preprocessForTraining(trainTable({ v: ['1 2', '3 4', '5 6 7'], y }), config, { seed: 42 })).toThrow(
      "Vector feature 'v': row 3 of column 'v' has 3 values, expected 2",
    );
  });

  it('reports a wrong-length vector at prediction as a row error and keeps the row', () => {
    const config = makeConfig([input('v', 'vector')], [output('y', 'category')], allTrain);
    const { metadata } = preprocessForTraining(trainTable({ v: ['1 2', '3 4', '5 6'], y }), config, { seed: 42 });
    const { dataset, rowErrors } = preprocessForPrediction(makeTable({ v: ['1 1', '1 2 3'] }), config, metadata);
    expect(dataset.rowCount).toBe(2);
    expect(rowErrors).toEqual([{ row: 2, message: "'v' has 3 values, expected 2." }]);
  });
});
