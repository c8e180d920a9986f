import { describe, expect, it } from 'vitest';
import { decodeSequence, tokenSeparator } from './postprocess-sequence.js';

const idx2str = ['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'thanks', 'for', 'waiting'];
const meta = (tokenizer = 'space_punct', max = 6) => ({
  idx2str, str2idx: Object.fromEntries(idx2str.map((t, i) => [t, i])), max_sequence_length: max, pad_idx: 2, unknown_symbol: '<UNK>', preprocessing: { tokenizer },
}) as never;

describe('decoding a predicted token sequence', () => {
  it("gives Ludwig's columns: every step's token and winning probability, and the log probability of the sequence", () => {
    const out = decodeSequence(meta(), [1, 4, 5, 6, 0, 2], [0.9, 0.8, 0.5, 0.5, 0.9, 1]);
    expect(out.tokens).toEqual(['<SOS>', 'thanks', 'for', 'waiting', '<EOS>', '<PAD>']);
    expect(out.probabilities).toEqual([0.9, 0.8, 0.5, 0.5, 0.9, 1]);
    expect(out.logProbability).toBeCloseTo(Math.log(0.9 * 0.8 * 0.5 * 0.5 * 0.9), 12);
    expect(out.text).toBe('thanks for waiting');
  });

  it('stops the text at the first stop or padding symbol and reads an id outside the vocabulary as the unknown symbol', () => {
    expect(decodeSequence(meta(), [1, 4, 2, 5, 0, 2], new Array(6).fill(1)).text).toBe('thanks');
    expect(decodeSequence(meta(), [4, 99, 5, 0, 2, 2], new Array(6).fill(1))).toMatchObject({ text: 'thanks <UNK> for', tokens: ['thanks', '<UNK>', 'for', '<EOS>', '<PAD>', '<PAD>'] });
  });

  it('reads no step past max_sequence_length and joins by the tokenizer separator', () => {
    expect(decodeSequence(meta('comma', 3), [1, 4, 5, 6, 0], new Array(5).fill(1))).toMatchObject({ tokens: ['<SOS>', 'thanks', 'for'], text: 'thanks,for' });
    expect(tokenSeparator('characters')).toBe('');
    expect(tokenSeparator('space')).toBe(' ');
  });

  it('gives an empty text for a prediction that stops at once', () => {
    expect(decodeSequence(meta(), [1, 0, 2, 2, 2, 2], new Array(6).fill(1)).text).toBe('');
  });
});
