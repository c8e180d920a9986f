import { describe, expect, it } from 'vitest';
import { isIntegerText, isNumeric, parseNumber } from './parse-number.js';

describe('parseNumber', () => {
  it.each([
    ['1e3', 1000],
    ['-0.5', -0.5],
    [' 3 ', 3],
    ['+7', 7],
    ['.5', 0.5],
    ['5.', 5],
    ['2.5E-4', 0.00025],
    ['0', 0],
  ])('parses %j as %d', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it.each(['1,000', '12abc', '', '   ', '0x10', '0b1', 'Infinity', '-inf', '1e', '1e+', '.', '-', '1.2.3', '1 2', '1e999'])(
    'rejects %j',
    (text) => {
      expect(parseNumber(text)).toBeNull();
      expect(isNumeric(text)).toBe(false);
    },
  );

  it('reads NaN spellings as NaN (a number that callers treat as missing)', () => {
    expect(parseNumber('NaN')).toBeNaN();
    expect(parseNumber('nan')).toBeNaN();
    expect(parseNumber('-NaN')).toBeNaN();
    expect(isNumeric('NAN')).toBe(true);
    expect(parseNumber('nana')).toBeNull();
  });

  it('tells whole numbers apart', () => {
    expect(isIntegerText('4.0')).toBe(true);
    expect(isIntegerText('1e3')).toBe(true);
    expect(isIntegerText('4.5')).toBe(false);
    expect(isIntegerText('NaN')).toBe(false);
  });
});
