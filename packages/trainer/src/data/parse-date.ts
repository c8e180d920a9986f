import { parseWithDatetimeFormat } from './datetime-format.js';

/**
 * Date parsing shared by type inference and preprocessing (Ludwig's date feature splits a
 * date into year, month, day, weekday, hour, minute, second…), so one rule decides what a date is.
 *
 * Without an explicit format these layouts are recognised (after trimming; a time may follow any
 * date as ` HH:MM`, ` HH:MM:SS` or ` HH:MM:SS.fff`, and ISO layouts also take `T` and a zone):
 *   YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, YYYY-MM-DDTHH:MM:SS(.sss)(Z|±hh:mm|±hhmm)
 *   YYYY/MM/DD, MM/DD/YYYY (US order, as pandas' default), DD.MM.YYYY
 *   `Jan 5, 2024`, `5 Jan 2024`, `January 5 2024`, `5 January, 2024`
 * Bare numbers (`2024`, `20240105`) are deliberately not dates: they are far more often numbers.
 */
export interface DateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Offset from UTC in minutes when the text names a zone (`Z` is 0), otherwise null. */
  utcOffsetMinutes: number | null;
}

const ISO_LIKE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:(?:[T ]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const US_SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([AaPp][Mm])?)?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const MONTH_FIRST = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DAY_FIRST = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export const monthNames: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6,
  june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10,
  october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

/**
 * Parse `text` as a date or date-time. With `datetimeFormat` (strftime directives as in Ludwig's
 * `preprocessing.datetime_format`: %Y %y %m %d %H %I %p %M %S %f %z %b %B %a %A %j %%) only that
 * layout is accepted. Returns null when the text is not a valid date (including impossible dates
 * such as `2023-02-30`).
 */
export function parseDate(text: string, datetimeFormat?: string): DateParts | null {
  if (datetimeFormat !== undefined && datetimeFormat !== '') {
    return parseWithDatetimeFormat(text, datetimeFormat);
  }
  const trimmed = text.trim();
  const length = trimmed.length;
  // Cheap rejections first: this runs on every distinct value of every column during profiling.
  if (length < 8 || length > 40) return null;
  const startsWithDigit = isDigit(trimmed.charCodeAt(0));

  if (startsWithDigit) {
    const fifth = trimmed.charCodeAt(4);
    if ((fifth === 45 || fifth === 47) && isDigit(trimmed.charCodeAt(1)) && isDigit(trimmed.charCodeAt(2)) && isDigit(trimmed.charCodeAt(3))) {
      const m = ISO_LIKE.exec(trimmed);
      if (!m) return null;
      return buildParts(+m[1], +m[3], +m[4], m[5], m[6], m[7], m[8], undefined, m[9]);
    }
    let m = US_SLASH.exec(trimmed);
    if (m) return buildParts(+m[3], +m[1], +m[2], m[4], m[5], m[6], m[7], m[8], undefined);
    m = DOTTED.exec(trimmed);
    if (m) return buildParts(+m[3], +m[2], +m[1], m[4], m[5], m[6], m[7], undefined, undefined);
    m = DAY_FIRST.exec(trimmed);
    if (m) {
      const month = monthNames[m[2].toLowerCase()];
      return month === undefined ? null : buildParts(+m[3], month, +m[1], m[4], m[5], m[6], undefined, undefined, undefined);
    }
    return null;
  }
  const m = MONTH_FIRST.exec(trimmed);
  if (m) {
    const month = monthNames[m[1].toLowerCase()];
    return month === undefined ? null : buildParts(+m[3], month, +m[2], m[4], m[5], m[6], undefined, undefined, undefined);
  }
  return null;
}

/** True when `text` parses as a date (see `parseDate`). */
export function isDate(text: string, datetimeFormat?: string): boolean {
  return parseDate(text, datetimeFormat) !== null;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Checks ranges and assembles parts; null when any component is out of range. */
export function makeDateParts(
  year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0,
  utcOffsetMinutes: number | null = null,
): DateParts | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // Second 60 is a leap second (ISO 8601 allows it).
  if (hour > 23 || minute > 59 || second > 60) return null;
  return { year, month, day, hour, minute, second, millisecond, utcOffsetMinutes };
}

function buildParts(
  year: number, month: number, day: number,
  hour: string | undefined, minute: string | undefined, second: string | undefined,
  fraction: string | undefined, meridiem: string | undefined, zone: string | undefined,
): DateParts | null {
  let h = hour === undefined ? 0 : +hour;
  if (meridiem !== undefined) {
    if (h < 1 || h > 12) return null;
    const pm = meridiem.toLowerCase() === 'pm';
    h = (h % 12) + (pm ? 12 : 0);
  }
  return makeDateParts(
    year, month, day, h,
    minute === undefined ? 0 : +minute,
    second === undefined ? 0 : +second,
    fraction === undefined ? 0 : fractionToMilliseconds(fraction),
    zone === undefined ? null : parseUtcOffset(zone),
  );
}

/** `5` → 500, `123456` → 123 (digits after the decimal point of a second). */
export function fractionToMilliseconds(digits: string): number {
  return Math.floor(Number(`0.${digits}`) * 1000 + 1e-6);
}

/** `Z`, `+02:00`, `-0530`, `+02` → minutes east of UTC. */
export function parseUtcOffset(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** Milliseconds since the Unix epoch; a date without a zone is read as UTC. */
export function datePartsToEpochMs(parts: DateParts): number {
  return utcDate(parts).getTime() - (parts.utcOffsetMinutes ?? 0) * 60_000;
}

/** 0 = Monday … 6 = Sunday, as Python's `datetime.weekday()` (what Ludwig's date features use). */
export function weekdayOf(parts: DateParts): number {
  return (utcDate(parts).getUTCDay() + 6) % 7;
}

function utcDate(parts: DateParts): Date {
  // setUTCFullYear, because Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  date.setUTCHours(parts.hour, parts.minute, parts.second, parts.millisecond);
  return date;
}
