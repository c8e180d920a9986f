import { describe, expect, it } from 'vitest';
import { parseMetadata, serializeMetadata } from './metadata-json.js';
import { decodeBinary, decodeCategory, decodeSet, denormalizeNumber } from './postprocess.js';
import { preprocessForPrediction } from './preprocess-prediction.js';
import { preprocessForTraining } from './preprocess-training.js';
import { allTrain, input, makeConfig, makeTable, output, trainTable } from './test/helpers.js';
import type { BinaryMetadata, CategoryMetadata, NumberMetadata, SetMetadata } from './types.js';

const config = makeConfig(
  [input('n', 'number'), input('c', 'category'), input('s', 'set'), input('d', 'date'), input('v', 'vector'), input('k', 'bag')],
  [output('b', 'binary'), output('y', 'category'), output('t', 'set'), output('r', 'number', { normalization: 'zscore' })],
  allTrain,
);
const table = trainTable({
  n: ['1', '2', '3'],
  c: ['__proto__', 'constructor', 'x'],
  s: ['a b', 'b', null],
  d: ['2024-01-01', '2024-02-01', 'x'],
  v: ['1 2', '3 4', null],
  k: ['a a', 'b', 'c'],
  b: ['cat', 'dog', 'cat'],
  y: ['u', 'v', 'w'],
  t: ['p q', 'q', 'r'],
  r: ['10', '20', '30'],
});

describe('training set metadata JSON', () => {
  it('round-trips, and the parsed metadata preprocesses the same way', () => {
    const { metadata } = preprocessForTraining(table, config, { seed: 42 });
    const text = serializeMetadata(metadata);
    const parsed = parseMetadata(text);
    expect(parsed).toEqual(metadata);
    expect(JSON.parse(text).overture_metadata_version).toBe(1);
    expect(Object.keys(parsed)).toEqual(['n', 'c', 's', 'd', 'v', 'k', 'b', 'y', 't', 'r']);
    const fromOriginal = preprocessForPrediction(table, config, metadata).dataset;
    const fromParsed = preprocessForPrediction(table, config, parsed).dataset;
    expect(fromParsed).toEqual(fromOriginal);
    expect((parsed.c as CategoryMetadata).str2idx.__proto__).toBe(1);
  });

  it('refuses a newer version and a feature without its fields', () => {
    expect(() => parseMetadata('{"overture_metadata_version": 2}')).toThrow('newer than this Overture reads (1)');
    expect(() => parseMetadata('{"overture_metadata_version": 1, "x": {"type": "number"}}')).toThrow(
      'number feature \'x\' lacks role, column, preprocessing, mean',
    );
  });
});

describe('postprocessing', () => {
  const { metadata } = preprocessForTraining(table, config, { seed: 42 });

  it('decodes category indices, binary probabilities and set probabilities to labels', () => {
    expect(decodeCategory(metadata.y as CategoryMetadata, 2)).toBe('w');
    expect(decodeBinary(metadata.b as BinaryMetadata, 0.7, 0.5)).toBe('cat');
    expect(decodeBinary(metadata.b as BinaryMetadata, 0.7, 0.8)).toBe('dog');
    expect((metadata.t as SetMetadata).idx2str).toEqual(['q', 'p', 'r']);
    expect(decodeSet(metadata.t as SetMetadata, [0.9, 0.2, 0.6], 0.5)).toEqual(['q', 'r']);
  });

  it('denormalizes number predictions with each normalization', () => {
    const meta = metadata.r as NumberMetadata;
    expect(denormalizeNumber(meta, { normalization: 'zscore' }, 1)).toBe(30);
    expect(denormalizeNumber(meta, { normalization: null }, 1.5)).toBe(1.5);
    expect(denormalizeNumber(meta, { normalization: 'minmax' }, 0.5)).toBe(20);
    expect(denormalizeNumber(meta, { normalization: 'iq' }, 1)).toBe(30);
    expect(denormalizeNumber(meta, { normalization: 'log1p' }, Math.log1p(5))).toBeCloseTo(5, 10);
  });
});

describe('prediction with unseen columns', () => {
  it('ignores extra columns', () => {
    const { metadata } = preprocessForTraining(table, config, { seed: 42 });
    const t = makeTable({ ...table.data, extra: ['1', '2', '3'] });
    expect(preprocessForPrediction(t, config, metadata).dataset.rowCount).toBe(3);
  });
});
