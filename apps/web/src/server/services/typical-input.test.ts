import { describe, expect, it } from 'vitest';
import { typicalInput } from './typical-input';

describe('typicalInput', () => {
  it('gives a number its training mean and a category its values, most frequent first', () => {
    expect(typicalInput({ type: 'number', mean: 0.058831428 })).toEqual({ typical: '0.05883', choices: [] });
    expect(typicalInput({ type: 'category', str2freq: { '<UNK>': 0, red: 66, green: 70, blue: 64 } })).toEqual({ typical: 'green', choices: ['green', 'red', 'blue'] });
    expect(typicalInput({ type: 'binary', bool2str: ['no', 'yes'] })).toEqual({ typical: null, choices: ['no', 'yes'] });
  });

  it('knows nothing of other types or missing metadata', () => {
    expect(typicalInput({ type: 'date' })).toEqual({ typical: null, choices: [] });
    expect(typicalInput(undefined)).toEqual({ typical: null, choices: [] });
  });
});
