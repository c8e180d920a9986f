import { describe, expect, it } from 'vitest';
import { parseConfigDocument, valueAt, withValueAt } from './yaml-doc';

const text = '# my model\ninput_features:\n  - name: a\n    type: number # keep me\ntrainer:\n  epochs: 3\n';

describe('withValueAt', () => {
  it('sets a value and keeps the comments and order of the rest', () => {
    expect(withValueAt(text, ['trainer', 'learning_rate'], 0.01)).toBe('# my model\ninput_features:\n  - name: a\n    type: number # keep me\ntrainer:\n  epochs: 3\n  learning_rate: 0.01\n');
  });

  it('removes a key when the value is undefined', () => {
    expect(withValueAt(text, ['trainer', 'epochs'], undefined)).toBe('# my model\ninput_features:\n  - name: a\n    type: number # keep me\ntrainer: {}\n');
  });

  it('creates missing parents', () => {
    expect(withValueAt('trainer: {}\n', ['preprocessing', 'split'], { type: 'random', probabilities: [0.8, 0.1, 0.1] }))
      .toBe('trainer: {}\npreprocessing:\n  split:\n    type: random\n    probabilities:\n      - 0.8\n      - 0.1\n      - 0.1\n');
  });

  it('leaves text that does not parse as it is', () => {
    expect(withValueAt('trainer: [', ['trainer', 'epochs'], 3)).toBe('trainer: [');
  });
});

describe('valueAt', () => {
  it('reads scalars, maps and lists as plain values', () => {
    const doc = parseConfigDocument(text);
    expect(valueAt(doc, ['trainer', 'epochs'])).toBe(3);
    expect(valueAt(doc, ['input_features'])).toEqual([{ name: 'a', type: 'number' }]);
    expect(valueAt(doc, ['combiner', 'type'])).toBeUndefined();
  });
});
