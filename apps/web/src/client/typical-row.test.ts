import { describe, expect, it } from 'vitest';
import { instanceFrom, notANumber } from './typical-row';

describe('instanceFrom', () => {
  const inputs = [{ column: 'age', type: 'number' }, { column: 'city', type: 'category' }, { column: 'note', type: 'text' }];

  it('sends a field left empty as null (missing), never leaves its key out', () => {
    const text: Record<string, string> = { age: '', city: 'Oslo', note: '  ' };
    expect(instanceFrom(inputs, (i) => text[i.column])).toEqual({ age: null, city: 'Oslo', note: null });
  });

  it('sends number inputs as numbers', () => {
    const text: Record<string, string> = { age: ' 41.5 ', city: '7', note: 'x' };
    expect(instanceFrom(inputs, (i) => text[i.column])).toEqual({ age: 41.5, city: '7', note: 'x' });
  });
});

describe('notANumber', () => {
  it('flags text in a number field, not an empty one or another type', () => {
    expect(notANumber('number', 'abc')).toBe(true);
    expect(notANumber('number', '')).toBe(false);
    expect(notANumber('number', '-3e2')).toBe(false);
    expect(notANumber('category', 'abc')).toBe(false);
  });
});
