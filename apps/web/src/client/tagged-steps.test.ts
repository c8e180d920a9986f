import { describe, expect, it } from 'vitest';
import { taggedSteps } from './tagged-steps';

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
