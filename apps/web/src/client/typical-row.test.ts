import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from './types';
import { instanceFrom, notANumber, typicalValue } from './typical-row';

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

describe('typicalValue', () => {
  const column = (values: string[], mean?: number) => ({ topValues: values.map((value) => ({ value, count: 1 })), stats: { numeric: mean === undefined ? undefined : { mean } } }) as unknown as ColumnProfile;

  it('is the mean of a number column and the most frequent value of others', () => {
    expect(typicalValue(column([], 12.34567), 'number')).toBe('12.35');
    expect(typicalValue(column(['', 'red', 'blue']), 'category')).toBe('red');
  });

  it('is empty for images and recordings: a path from the training table names a file /predict never reads', () => {
    expect(typicalValue(column(['bars/0.png']), 'image')).toBe('');
    expect(typicalValue(column(['calls/1.wav']), 'audio')).toBe('');
  });
});
