import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from './suggest.js';

describe('did you mean', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('wieght', 'weight')).toBe(1);
    expect(editDistance('epocs', 'epochs')).toBe(1);
  });

  it('picks the nearest candidate within reach and nothing when all are far', () => {
    expect(nearest('numbr', ['binary', 'number', 'category'])).toBe('number');
    expect(nearest('Category', ['binary', 'category'])).toBe('category');
    expect(didYouMean('xyz', ['epochs', 'batch_size'])).toBeUndefined();
  });
});
