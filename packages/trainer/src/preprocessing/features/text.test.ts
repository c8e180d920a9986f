import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMetadata, serializeMetadata } from '../metadata-json.js';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { TextMetadata } from '../types.js';

const tfidf = { compute_idf: true, tokenizer: 'space' } as const;

function train(text: (string | null)[], preprocessing: Record<string, unknown> = tfidf) {
  const config = makeConfig([input('t', 'text', preprocessing)], [output('y', 'category')], allTrain);
  const table = trainTable({ t: text, y: text.map((_, i) => (i % 2 ? 'a' : 'b')) });
  return { config, ...preprocessForTraining(table, config, { seed: 42 }) };
}

describe('text feature preprocessing', () => {
  it('encodes the tf-idf vector per row with Ludwig metadata keys', () => {
    const { dataset, metadata } = train(['a a b', 'a c']);
    const meta = metadata.t as TextMetadata;
    expect(meta.idx2str).toEqual(['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'a', 'b', 'c']);
    expect(Object.keys(meta)).toEqual(expect.arrayContaining(['idx2str', 'str2idx', 'str2freq', 'str2idf', 'max_sequence_length', 'pad_idx', 'vocab_size']));
    const column = dataset.features.t;
    expect(column.dtype).toBe('float32');
    expect(column.width).toBe(7);
    const L = meta.max_sequence_length; // 3 tokens + start + stop
    expect(L).toBe(5);
    const row0 = Array.from(column.values.slice(0, 7));
    expect(row0[4]).toBeCloseTo((2 / L) * 1, 6);
    expect(row0[5]).toBeCloseTo((1 / L) * (Math.log(3 / 2) + 1), 6);
    expect(row0[6]).toBe(0);
  });

  it('encodes padded ids without compute_idf and reports truncated rows', () => {
    const { dataset, report } = train(['one two three four', 'one', 'one two'], { tokenizer: 'space', max_sequence_length: 3 });
    expect(dataset.features.t.dtype).toBe('int32');
    expect(dataset.features.t.width).toBe(3);
    // one=4, two=5: row 0 is cut after "two", row 1 keeps its stop symbol.
    expect(Array.from(dataset.features.t.values)).toEqual([1, 4, 5, 1, 4, 0, 1, 4, 5]);
    expect(report.truncatedSequences).toEqual({ t: 2 });
  });

  it('fills a missing cell with the unknown symbol as one token (fill_with_const)', () => {
    const { dataset, report, metadata } = train(['a b', null, 'b']);
    const meta = metadata.t as TextMetadata;
    expect(report.missingValuesFilled).toEqual({ t: 1 });
    const row1 = Array.from(dataset.features.t.values.slice(meta.vocab_size, 2 * meta.vocab_size));
    expect(row1[meta.str2idx['<UNK>']]).toBeGreaterThan(0);
    expect(row1[meta.str2idx.a]).toBe(0);
  });

  it('refuses an unknown tokenizer and a missing vocab_file with the config path', () => {
    expect(() => train(['a'], { tokenizer: 'nope' })).toThrow(/Unknown tokenizer 'nope' for feature 't'/);
    expect(() => train(['a'], { vocab_file: '/nonexistent/vocab.txt' })).toThrow(/vocab_file '\/nonexistent\/vocab.txt' does not exist/);
  });

  it('takes the vocabulary from vocab_file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'text-vocab-'));
    const path = join(dir, 'vocab.txt');
    writeFileSync(path, 'zebra\napple\n');
    const { metadata } = train(['apple pie', 'pie'], { ...tfidf, vocab_file: path });
    expect((metadata.t as TextMetadata).idx2str).toEqual(['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'zebra', 'apple']);
  });

  it('predicts from the stored metadata: unseen tokens, empty and missing cells, replacement characters, a 1 MB cell', () => {
    const { config, metadata, dataset: trained } = train(['good day', 'bad day', 'good good']);
    const stored = parseMetadata(serializeMetadata(metadata));
    const big = 'good '.repeat(200_000);
    const { dataset, rowErrors } = preprocessForPrediction(
      makeTable({ t: ['good day', 'never seen words', '', null, 'caf\ufffd good', big] }),
      config,
      stored,
    );
    expect(rowErrors).toEqual([]);
    const meta = stored.t as TextMetadata;
    const w = meta.vocab_size;
    const row = (i: number) => Array.from(dataset.features.t.values.slice(i * w, (i + 1) * w));
    // The same text gives the same vector as in training.
    expect(row(0)).toEqual(Array.from(trained.features.t.values.slice(0, w)));
    // Unseen tokens land on <UNK>, whose idf is 0: nothing of the vocabulary is set.
    expect(row(1).every((v) => v === 0)).toBe(true);
    expect(row(2).every((v) => v === 0)).toBe(true);
    expect(row(4)[meta.str2idx.good]).toBeGreaterThan(0);
    // A 1 MB cell is cut to max_sequence_length like any long row.
    expect(row(5)[meta.str2idx.good]).toBeCloseTo(((meta.max_sequence_length - 1) / meta.max_sequence_length) * meta.str2idf!.good, 6);
  });
});
