export interface PreviewPage {
  columns: string[];
  /** Cells as text (null: missing), in column order. */
  rows: (string | null)[][];
  offset: number;
  limit: number;
  /** True when rows exist past this page. */
  hasMore: boolean;
}

/**
 * A source value as preview text, the way the worker's readers turn typed values into table text
 * (trainer `readers/stringify.ts`), so the preview shows what the profile read: numbers as
 * written, dates as ISO 8601, booleans as true/false, bytes as base64, nested values as JSON,
 * and null, undefined, NaN and '' as missing.
 */
export function cellText(value: unknown): string | null {
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

/** Header cells as column names; a blank one is named by position as the readers name it (`Unnamed: 2`). */
export function headerNames(cells: readonly unknown[]): string[] {
  return cells.map((value, index) => cellText(value) ?? `Unnamed: ${index}`);
}
