import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZTextPreprocessing } from '@overture/config';
import { describe, expect, it } from 'vitest';
import { TextSequenceEncoder } from './text-encoding.js';
import { TextVocabularyBuilder, textTokenizer } from './text-vocabulary.js';
import { loadVocabularyFile } from './vocab-file.js';

const prep = (p: Record<string, unknown> = {}) => ZTextPreprocessing.parse(p);

function build(texts: string[], p: Record<string, unknown> = {}, vocabFile?: string[]) {
  const preprocessing = prep(p);
  const builder = new TextVocabularyBuilder(preprocessing, 'review', vocabFile);
  for (const t of texts) builder.addText(t);
  const vocabulary = builder.finish();
  const encoder = new TextSequenceEncoder(vocabulary, textTokenizer(preprocessing, 'review'), preprocessing.padding);
  return { vocabulary, encoder };
}

const encode = (encoder: TextSequenceEncoder, text: string) => {
  const out = new Int32Array(encoder.length);
  const stats = encoder.encodeInto(text, out, 0);
  return { ids: Array.from(out), ...stats };
};

describe('text vocabulary', () => {
  it('puts Ludwig special symbols at 0-3, then tokens by frequency, ties by first appearance', () => {
    const { vocabulary } = build(['b a a', 'c b a', 'd']);
    expect(vocabulary.idx2str).toEqual(['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'a', 'b', 'c', 'd']);
    expect(vocabulary.str2idx.a).toBe(4);
    expect(vocabulary.str2freq).toMatchObject({ a: 3, b: 2, c: 1, d: 1, '<PAD>': 0 });
    expect(vocabulary.pad_idx).toBe(2);
    // longest 3 tokens + start + stop
    expect(vocabulary.max_sequence_length).toBe(5);
    expect(vocabulary.str2idf).toBeNull();
  });

  it('keeps most_common tokens and lowercases before counting when asked', () => {
    const { vocabulary } = build(['A a B', 'b C'], { most_common: 2, lowercase: true });
    expect(vocabulary.idx2str.slice(4)).toEqual(['a', 'b']);
  });

  it('caps at max_sequence_length and counts truncated rows; sequence_length fixes the length', () => {
    const capped = build(['one two three four five', 'one', 'one two three'], { max_sequence_length: 4, tokenizer: 'space' });
    expect(capped.vocabulary.max_sequence_length).toBe(4);
    expect(capped.vocabulary.truncated_rows).toBe(2);
    const fixed = build(['one'], { sequence_length: 6, tokenizer: 'space' });
    expect(fixed.vocabulary.max_sequence_length).toBe(6);
    expect(fixed.vocabulary.truncated_rows).toBe(0);
  });

  it('computes the smoothed idf ln((1 + documents) / (1 + df)) + 1, 0 for unseen symbols', () => {
    const { vocabulary } = build(['a a b', 'a c'], { compute_idf: true, tokenizer: 'space' });
    expect(vocabulary.str2idf?.a).toBeCloseTo(Math.log(3 / 3) + 1, 12);
    expect(vocabulary.str2idf?.b).toBeCloseTo(Math.log(3 / 2) + 1, 12);
    expect(vocabulary.str2idf?.['<PAD>']).toBe(0);
  });

  it('takes the vocabulary from vocab_file, special symbols moved to the front', () => {
    const { vocabulary } = build(['zebra'], {}, ['hello', '<UNK>', 'world']);
    expect(vocabulary.idx2str).toEqual(['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'hello', 'world']);
  });

  it('refuses a padding symbol equal to the unknown symbol', () => {
    expect(() => build(['x'], { padding_symbol: '<UNK>' })).toThrow(/padding_symbol '<UNK>' and unknown_symbol '<UNK>' must differ/);
  });
});

describe('text encoding', () => {
  it('pads right with <SOS> ... <EOS> and maps unseen tokens to <UNK>', () => {
    const { encoder } = build(['hello world', 'hello there friend'], { tokenizer: 'space' });
    expect(encoder.length).toBe(5);
    // vocab: hello 4, world 5, there 6, friend 7
    expect(encode(encoder, 'hello moon')).toEqual({ ids: [1, 4, 3, 0, 2], truncated: false, unknown: 1 });
    expect(encode(encoder, '')).toEqual({ ids: [1, 0, 2, 2, 2], truncated: false, unknown: 0 });
  });

  it('pads left when asked and cuts long rows at the end (the stop symbol is lost, as in Ludwig)', () => {
    const { encoder } = build(['a b'], { tokenizer: 'space', padding: 'left' });
    expect(encoder.length).toBe(4);
    expect(encode(encoder, 'a')).toEqual({ ids: [2, 1, 4, 0], truncated: false, unknown: 0 });
    expect(encode(encoder, 'a b x y')).toEqual({ ids: [1, 4, 5, 3], truncated: true, unknown: 2 });
  });

  it('computes Ludwig tf-idf over the padded sequence', () => {
    const { vocabulary, encoder } = build(['a a b', 'a c'], { compute_idf: true, tokenizer: 'space' });
    const out = new Float32Array(vocabulary.vocab_size);
    encoder.tfidfInto('a a c', out, 0);
    const L = vocabulary.max_sequence_length; // 5
    const expected = new Array(7).fill(0);
    expected[4] = (2 / L) * 1;
    expected[6] = (1 / L) * (Math.log(3 / 2) + 1);
    Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('encodes a 1 MB cell in bounded output, truncated', () => {
    const { encoder } = build(['w'], { tokenizer: 'space', sequence_length: 8 });
    const big = 'w '.repeat(512 * 1024);
    const { ids, truncated } = encode(encoder, big);
    expect(ids).toEqual([1, 4, 4, 4, 4, 4, 4, 4]);
    expect(truncated).toBe(true);
  });
});

describe('vocab_file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vocab-'));
  const file = (name: string, body: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };

  it('reads the first field of each line', () => {
    expect(loadVocabularyFile(file('ok.txt', 'hello\t12\nworld 3\r\ncafé\n'), 'f')).toEqual(['hello', 'world', 'café']);
  });

  it('names a missing file, an empty line, a repeated token and non-UTF-8 bytes', () => {
    expect(() => loadVocabularyFile(join(dir, 'nope.txt'), 'f')).toThrow(/vocab_file '.*nope.txt' does not exist/);
    expect(() => loadVocabularyFile(file('empty-line.txt', 'a\n\nb\n'), 'f')).toThrow(/line 2 is empty/);
    expect(() => loadVocabularyFile(file('dup.txt', 'a\nb\na\n'), 'f')).toThrow(/line 3 repeats the token 'a' of line 1/);
    expect(() => loadVocabularyFile(file('latin1.txt', Buffer.from([0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a])), 'f')).toThrow(
      /line 2 is not valid UTF-8/,
    );
    expect(() => loadVocabularyFile(file('blank.txt', ''), 'f')).toThrow(/has no tokens/);
  });
});
