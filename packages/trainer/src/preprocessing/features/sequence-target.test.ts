import { describe, expect, it } from 'vitest';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, input, makeConfig, output, trainTable } from '../test/helpers.js';
import type { SequenceMetadata } from '../types.js';

/** A sequence target column next to a number input, as a tagger or generator would read it. */
function train(targets: (string | null)[]) {
  const config = makeConfig([input('x', 'number')], [output('tags', 'sequence', { max_sequence_length: 5 })], allTrain);
  const table = trainTable({ x: targets.map((_, i) => String(i)), tags: targets });
  return preprocessForTraining(table, config, { seed: 42 });
}

describe('a sequence target', () => {
  it('is padded ids with start and stop symbols under sequence metadata', () => {
    const { dataset, metadata } = train(['B-PER O', 'O O O']);
    const meta = metadata.tags as SequenceMetadata;
    expect(meta.type).toBe('sequence');
    expect(meta.role).toBe('output');
    expect(meta.idx2str.slice(0, 4)).toEqual(['<EOS>', '<SOS>', '<PAD>', '<UNK>']);
    const [o, per] = [meta.str2idx.O, meta.str2idx['B-PER']];
    expect(Array.from(dataset.features.tags.values)).toEqual([1, per, o, 0, 2, 1, o, o, o, 0]);
  });

  it('drops a missing target row and keeps a blank one as an empty sequence (start, stop, padding)', () => {
    const { dataset, report } = train(['O O', null, '   ', 'O']);
    expect(report.droppedRows).toEqual([{ feature: 'tags', reason: 'missing_value', count: 1 }]);
    expect(dataset.rowCount).toBe(3);
    // The longest target 'O O' with its symbols sets the width; the blank cell (table row 2) is kept with no token between the symbols.
    const width = dataset.features.tags.width;
    expect(width).toBe(4);
    expect(Array.from(dataset.features.tags.values.slice(width, 2 * width))).toEqual([1, 0, 2, 2]);
  });
});
