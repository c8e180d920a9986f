import { describe, expect, it } from 'vitest';
import { computeSequenceMetrics, editDistance, tokenSpan } from './sequence.js';

// Ludwig's layout: <EOS> 0, <SOS> 1, <PAD> 2, <UNK> 3, then the tokens.
const symbols = { stopId: 0, startId: 1, padId: 2 };
const vocabulary = ['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'hi', 'there', 'you'];
const ids = (rows: number[][]) => Int32Array.from(rows.flat());

describe('sequence metrics', () => {
  // Row 0 exact; row 1 one token wrong; row 2 right tokens but stops one step late (a padding step wrong).
  const targets = ids([[1, 4, 5, 0, 2], [1, 4, 6, 5, 0], [1, 5, 0, 2, 2]]);
  const predictions = ids([[1, 4, 5, 0, 2], [1, 4, 5, 5, 0], [1, 5, 0, 0, 2]]);

  it('count token accuracy over non-padding target steps and sequence accuracy over whole rows (padding included, as Ludwig)', () => {
    const m = computeSequenceMetrics({ predictions, targets, steps: 5, ...symbols });
    // Non-padding target steps: 4 + 5 + 3 = 12, one wrong (row 1, step 2); row 2's wrong step is padding.
    expect(m.token_accuracy).toBeCloseTo(11 / 12, 12);
    expect(m.sequence_accuracy).toBeCloseTo(1 / 3, 12);
    expect(m.perplexity).toBeNull();
    expect(m.char_error_rate).toBeNull();
  });

  it('give the mean token edit distance and the character error rate between the spans inside the symbols', () => {
    const m = computeSequenceMetrics({ predictions, targets, steps: 5, ...symbols, vocabulary });
    // Row 1: "hi there there" vs "hi you there" is one substitution; rows 0 and 2 match inside the symbols.
    expect(m.edit_distance).toBeCloseTo(1 / 3, 12);
    // Characters: "hi there" (8) + "hi you there" (12) + "there" (5) = 25; "there" → "you" is 5 edits.
    expect(m.char_error_rate).toBeCloseTo(5 / 25, 12);
  });

  it('give perplexity as exp of the mean negative log-likelihood of the true tokens, padding steps left out', () => {
    const p = new Float32Array(15).fill(0.5);
    p[4] = 1e-30; // a padding step: never counted, however unlikely
    const m = computeSequenceMetrics({ predictions, targets, steps: 5, ...symbols, targetProbabilities: p });
    expect(m.perplexity).toBeCloseTo(2, 5);
    const perfect = computeSequenceMetrics({ predictions, targets, steps: 5, ...symbols, targetProbabilities: new Float32Array(15).fill(1) });
    expect(perfect.perplexity).toBe(1);
  });

  it('refuse an empty split and mismatched shapes with a clear message', () => {
    expect(() => computeSequenceMetrics({ predictions: new Int32Array(0), targets: new Int32Array(0), steps: 5, ...symbols })).toThrow(/empty split/);
    expect(() => computeSequenceMetrics({ predictions: new Int32Array(10), targets: new Int32Array(15), steps: 5, ...symbols })).toThrow(/do not both split into rows of 5 steps/);
    expect(() => computeSequenceMetrics({ predictions, targets, steps: 5, ...symbols, targetProbabilities: new Float32Array(3) })).toThrow(/3 target probabilities for 15 steps/);
  });

  it('score an empty target text (start, stop, padding) like any other row', () => {
    const empty = ids([[1, 0, 2, 2]]);
    const exact = computeSequenceMetrics({ predictions: empty, targets: empty, steps: 4, ...symbols, vocabulary });
    expect(exact).toMatchObject({ token_accuracy: 1, sequence_accuracy: 1, edit_distance: 0, char_error_rate: null });
    const chatty = computeSequenceMetrics({ predictions: ids([[1, 4, 5, 0]]), targets: empty, steps: 4, ...symbols });
    // The start symbol is right, the stop symbol is not: half of the two target steps.
    expect(chatty).toMatchObject({ token_accuracy: 0.5, sequence_accuracy: 0, edit_distance: 2 });
  });
});

describe('edit distance and token spans', () => {
  it('is Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(editDistance([1, 2, 3], [3, 2, 1])).toBe(2);
  });

  it('cut a leading start symbol and stop at the first stop or padding symbol', () => {
    expect(tokenSpan([1, 4, 5, 0, 6], 0, 5, symbols)).toEqual([4, 5]);
    expect(tokenSpan([4, 5, 2, 6], 0, 4, symbols)).toEqual([4, 5]);
    expect(tokenSpan([9, 1, 4, 0], 1, 3, symbols)).toEqual([4]);
  });
});
