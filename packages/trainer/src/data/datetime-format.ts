import { OvertureError } from '@overture/config';
import { fractionToMilliseconds, makeDateParts, monthNames, parseUtcOffset, type DateParts } from './parse-date.js';

/**
 * strftime-style formats (Python's `datetime.strptime` directives, which Ludwig's
 * `datetime_format` uses), compiled once into a regular expression and cached.
 */

type Field = 'year' | 'year2' | 'month' | 'monthName' | 'day' | 'hour' | 'hour12' | 'meridiem'
  | 'minute' | 'second' | 'fraction' | 'zone' | 'dayOfYear' | 'ignored';

const directives: Record<string, { pattern: string; field: Field }> = {
  Y: { pattern: '(\\d{4})', field: 'year' },
  y: { pattern: '(\\d{2})', field: 'year2' },
  m: { pattern: '(\\d{1,2})', field: 'month' },
  d: { pattern: '(\\d{1,2})', field: 'day' },
  H: { pattern: '(\\d{1,2})', field: 'hour' },
  I: { pattern: '(\\d{1,2})', field: 'hour12' },
  p: { pattern: '([AaPp][Mm])', field: 'meridiem' },
  M: { pattern: '(\\d{1,2})', field: 'minute' },
  S: { pattern: '(\\d{1,2})', field: 'second' },
  f: { pattern: '(\\d{1,6})', field: 'fraction' },
  z: { pattern: '(Z|[+-]\\d{2}:?\\d{2})', field: 'zone' },
  b: { pattern: '([A-Za-z]{3,9})', field: 'monthName' },
  B: { pattern: '([A-Za-z]{3,9})', field: 'monthName' },
  a: { pattern: '([A-Za-z]{3,9})', field: 'ignored' },
  A: { pattern: '([A-Za-z]{3,9})', field: 'ignored' },
  j: { pattern: '(\\d{1,3})', field: 'dayOfYear' },
};

interface CompiledFormat {
  regex: RegExp;
  fields: Field[];
}

const cache = new Map<string, CompiledFormat>();

function compile(format: string): CompiledFormat {
  const cached = cache.get(format);
  if (cached) return cached;
  let source = '^';
  const fields: Field[] = [];
  for (let i = 0; i < format.length; i++) {
    const char = format[i];
    if (char !== '%') {
      source += char === ' ' ? '\\s+' : char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      continue;
    }
    const directive = format[++i];
    if (directive === '%') {
      source += '%';
      continue;
    }
    const spec = directive === undefined ? undefined : directives[directive];
    if (!spec) {
      throw new OvertureError(
        'invalid_config',
        `datetime_format '${format}' uses %${directive ?? ''}, which is not supported; use %${Object.keys(directives).join(' %')} or %%.`,
        [{ path: 'preprocessing.datetime_format', message: `unsupported directive %${directive ?? ''}` }],
      );
    }
    source += spec.pattern;
    fields.push(spec.field);
  }
  const compiled = { regex: new RegExp(`${source}$`), fields };
  cache.set(format, compiled);
  return compiled;
}

/** Parses `text` with a strftime format; null when it does not match or names an impossible date. */
export function parseWithDatetimeFormat(text: string, format: string): DateParts | null {
  const { regex, fields } = compile(format);
  const match = regex.exec(text.trim());
  if (!match) return null;
  let year = 1900;
  let month = 1;
  let day = 1;
  let hour = 0;
  let hour12: number | null = null;
  let pm: boolean | null = null;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  let offset: number | null = null;
  let dayOfYear: number | null = null;
  for (let k = 0; k < fields.length; k++) {
    const value = match[k + 1];
    switch (fields[k]) {
      case 'year': year = +value; break;
      // Python's rule: 69–99 → 1969–1999, 00–68 → 2000–2068.
      case 'year2': year = +value + (+value >= 69 ? 1900 : 2000); break;
      case 'month': month = +value; break;
      case 'monthName': {
        const named = monthNames[value.toLowerCase()];
        if (named === undefined) return null;
        month = named;
        break;
      }
      case 'day': day = +value; break;
      case 'hour': hour = +value; break;
      case 'hour12': hour12 = +value; break;
      case 'meridiem': pm = value.toLowerCase() === 'pm'; break;
      case 'minute': minute = +value; break;
      case 'second': second = +value; break;
      case 'fraction': millisecond = fractionToMilliseconds(value); break;
      case 'zone': offset = parseUtcOffset(value); break;
      case 'dayOfYear': dayOfYear = +value; break;
      case 'ignored': break;
    }
  }
  if (hour12 !== null) {
    if (hour12 < 1 || hour12 > 12) return null;
    hour = (hour12 % 12) + (pm ? 12 : 0);
  }
  if (dayOfYear !== null) {
    const date = new Date(0);
    date.setUTCFullYear(year, 0, dayOfYear);
    if (date.getUTCFullYear() !== year) return null;
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  }
  return makeDateParts(year, month, day, hour, minute, second, millisecond, offset);
}
