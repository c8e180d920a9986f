import { stringifyValue } from '@overture/serving';

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
 * A source value as preview text: the trainer's readers' own conversion (re-exported by serving,
 * which the web app may load), so the preview shows what the profile read: numbers as written,
 * dates as ISO 8601, booleans as true/false, bytes as base64, nested values as JSON, and null,
 * undefined, NaN and '' as missing.
 */
export const cellText: (value: unknown) => string | null = stringifyValue;

/** Header cells as column names; a blank one is named by position as the readers name it (`Unnamed: 2`). */
export function headerNames(cells: readonly unknown[]): string[] {
  return cells.map((value, index) => cellText(value) ?? `Unnamed: ${index}`);
}
