import { describe, expect, it } from 'vitest';
import { generatedSteps, taggedSteps } from './tagged-steps';

describe('taggedSteps', () => {
  it('keeps the tags between the start symbol and the first stop or padding symbol, each beside its word', () => {
    expect(taggedSteps(['<SOS>', 'PER', 'O', 'LOC', '<EOS>', '<PAD>'], [0.99, 0.9, 0.8, 0.7, 0.95, 1], 'alice went  rome')).toEqual([
      { word: 'alice', tag: 'PER', probability: 0.9 },
      { word: 'went', tag: 'O', probability: 0.8 },
      { word: 'rome', tag: 'LOC', probability: 0.7 },
    ]);
    expect(taggedSteps(['<SOS>', 'PER', '<PAD>', 'O'], [1, 0.6, 1, 0.5], ['bob'])).toEqual([{ word: 'bob', tag: 'PER', probability: 0.6 }]);
  });

  it('leaves the words out when the sent text does not split into as many words as there are tags', () => {
    expect(taggedSteps(['<SOS>', 'PER', 'O', '<EOS>'], [1, 0.6, 0.7, 1], 'alice, hi there')).toEqual([
      { word: null, tag: 'PER', probability: 0.6 },
      { word: null, tag: 'O', probability: 0.7 },
    ]);
  });
});

describe('generatedSteps', () => {
  it('keeps the tokens a generator wrote up to its stop symbol, with their probabilities and no sent word beside them', () => {
    // The sent text happens to split into as many words as tokens: a generator's tokens are still its own.
    expect(generatedSteps(['<SOS>', 'goodbye', 'ben', '<EOS>', '<PAD>'], [1, 0.97, 0.91, 0.99, 1])).toEqual([
      { word: null, tag: 'goodbye', probability: 0.97 },
      { word: null, tag: 'ben', probability: 0.91 },
    ]);
    expect(generatedSteps(['<SOS>', '<EOS>', '<PAD>'], [1, 0.8, 1])).toEqual([]);
  });
});
