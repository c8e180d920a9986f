import type { SourceColumnType } from '../table.js';

/**
 * A source value as RawTable text (see table.ts): numbers with `String`, booleans as
 * `true`/`false`, dates as ISO 8601, nested values as JSON. null/undefined/'' are missing.
 */
export function stringifyValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value === '' ? null : value;
    case 'number':
      return Number.isNaN(value) ? null : String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value, (_key, nested: unknown) => (typeof nested === 'bigint' ? nested.toString() : nested));
}

/** The RawTable source type of a JS value, for typed sources. */
export function sourceTypeOf(value: unknown): SourceColumnType | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'date';
  if (value instanceof Uint8Array) return 'binary';
  return 'json';
}
