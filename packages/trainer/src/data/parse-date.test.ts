import { describe, expect, it } from 'vitest';
import { datePartsToEpochMs, parseDate, weekdayOf } from './parse-date.js';

const at = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0, utcOffsetMinutes: number | null = null) => ({
  year, month, day, hour, minute, second, millisecond, utcOffsetMinutes,
});

describe('parseDate', () => {
  it.each([
    ['2024-03-11', at(2024, 3, 11)],
    ['2024-03-11 12:25:41', at(2024, 3, 11, 12, 25, 41)],
    ['2024-03-11T12:25:41', at(2024, 3, 11, 12, 25, 41)],
    ['2024-03-11T12:25:41.250Z', at(2024, 3, 11, 12, 25, 41, 250, 0)],
    ['2024-03-11T12:25:41+02:00', at(2024, 3, 11, 12, 25, 41, 0, 120)],
    ['2024-03-11T12:25-0530', at(2024, 3, 11, 12, 25, 0, 0, -330)],
    ['2024/03/11', at(2024, 3, 11)],
    ['03/11/2024', at(2024, 3, 11)],
    ['3/11/2024 1:05 PM', at(2024, 3, 11, 13, 5)],
    ['11.03.2024', at(2024, 3, 11)],
    ['Mar 11, 2024', at(2024, 3, 11)],
    ['11 March 2024', at(2024, 3, 11)],
  ])('parses %j', (text, expected) => {
    expect(parseDate(text)).toEqual(expected);
  });

  it.each(['2024', '20240311', '12.5', '2023-02-30', '2024-13-01', '13/45/2024', '2024-03-11T25:00', 'hello world', 'Foo 11, 2024', '1.5'])(
    'rejects %j',
    (text) => {
      expect(parseDate(text)).toBeNull();
    },
  );

  it('accepts 29 February only in leap years', () => {
    expect(parseDate('2024-02-29')).not.toBeNull();
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('1900-02-29')).toBeNull();
    expect(parseDate('2000-02-29')).not.toBeNull();
  });

  it('follows an explicit strftime datetime_format', () => {
    expect(parseDate('11/03/2024', '%d/%m/%Y')).toEqual(at(2024, 3, 11));
    expect(parseDate('03/11/2024', '%d/%m/%Y')).toEqual(at(2024, 11, 3));
    expect(parseDate('2024-03-11 08:09:10.5', '%Y-%m-%d %H:%M:%S.%f')).toEqual(at(2024, 3, 11, 8, 9, 10, 500));
    expect(parseDate('11-Mar-99 07:30 PM', '%d-%b-%y %I:%M %p')).toEqual(at(1999, 3, 11, 19, 30));
    expect(parseDate('2024-03-11', '%d/%m/%Y')).toBeNull();
    expect(parseDate('2024-071', '%Y-%j')).toEqual(at(2024, 3, 11));
  });

  it('refuses an unsupported strftime directive with a readable error', () => {
    expect(() => parseDate('x', '%Q')).toThrow(/%Q, which is not supported/);
  });

  it('converts to epoch milliseconds honouring the UTC offset, and gives Monday-first weekdays', () => {
    const parts = parseDate('2024-03-11T12:00:00+02:00')!;
    expect(datePartsToEpochMs(parts)).toBe(Date.UTC(2024, 2, 11, 10));
    expect(weekdayOf(parts)).toBe(0); // 2024-03-11 was a Monday
    expect(weekdayOf(parseDate('2024-03-17')!)).toBe(6);
  });
});
