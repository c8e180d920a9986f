import { describe, expect, it } from 'vitest';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { SetMetadata } from '../types.js';

const tags = ['a b', 'b c b', null, 'c'];
const y = ['p', 'q', 'p', 'q'];

describe('set and bag features', () => {
  it('encodes a set as multi-hot over a vocabulary led by <UNK>', () => {
    const config = makeConfig([input('t', 'set')], [output('y', 'category')], allTrain);
    const { dataset, metadata } = preprocessForTraining(trainTable({ t: tags, y }), config, { seed: 42 });
    const meta = metadata.t as SetMetadata;
    expect(meta.idx2str).toEqual(['<UNK>', 'b', 'c', 'a']);
    expect(meta.max_set_size).toBe(3);
    expect(dataset.features.t.width).toBe(4);
    // prettier-ignore
    expect(floats(dataset.features.t)).toEqual([
      0, 1, 0, 1,
      0, 1, 1, 0,
      1, 0, 0, 0,
      0, 0, 1, 0,
    ]);
  });

  it('encodes a bag as element counts', () => {
    const config = makeConfig([input('t', 'bag')], [output('y', 'category')], allTrain);
    const { dataset } = preprocessForTraining(trainTable({ t: tags, y }), config, { seed: 42 });
    expect(floats(dataset.features.t).slice(4, 8)).toEqual([0, 2, 1, 0]);
  });

  it('splits with the comma tokenizer', () => {
    const config = makeConfig([input('t', 'set', { tokenizer: 'comma' })], [output('y', 'category')], allTrain);
    const { metadata } = preprocessForTraining(trainTable({ t: ['new york, paris', 'paris', 'rome', 'x'], y }), config, { seed: 42 });
    expect((metadata.t as SetMetadata).idx2str).toEqual(['<UNK>', 'paris', 'new york', 'rome', 'x']);
  });

  it('has no <UNK> in an output set vocabulary', () => {
    const config = makeConfig([input('x', 'number')], [output('t', 'set')], allTrain);
    const { dataset, metadata } = preprocessForTraining(trainTable({ x: ['1', '2', '3'], t: ['a b', 'b', 'c'] }), config, { seed: 42 });
    expect((metadata.t as SetMetadata).idx2str).toEqual(['b', 'a', 'c']);
    expect(floats(dataset.features.t)).toEqual([1, 1, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('maps unseen input elements to <UNK> at prediction', () => {
    const config = makeConfig([input('t', 'set')], [output('y', 'category')], allTrain);
    const { metadata } = preprocessForTraining(trainTable({ t: tags, y }), config, { seed: 42 });
    const { dataset } = preprocessForPrediction(makeTable({ t: ['a zebra'] }), config, metadata);
    expect(floats(dataset.features.t)).toEqual([1, 0, 0, 1]);
  });
});
