import { dictionary } from '../util/dictionary.js';

/**
 * A dataset as read from a file, before any preprocessing: column-major strings.
 * Every reader (CSV, TSV, JSON, JSONL, Parquet, Excel) produces this shape so everything
 * downstream (profiling, type inference, preprocessing) handles one representation.
 * Non-string source values are stringified: numbers with `String(x)`, booleans as
 * `"true"`/`"false"`, dates as ISO 8601, nested arrays/objects as JSON.
 */
export interface RawTable {
  /** Column names in source order; unique (readers reject duplicates). */
  columns: string[];
  rowCount: number;
  /**
   * `data[column][row]`; `null` is a missing value (an empty cell, JSON null, absent key). Made by
   * `columnData()`, without a prototype: a column may be named `__proto__` or `constructor`.
   */
  data: Record<string, (string | null)[]>;
  /**
   * The type a column had in a typed source (Parquet, Excel), when it had one. CSV and JSON carry
   * no column types, so their readers leave this out. Type inference uses `date` (Ludwig's
   * "dtype is a date" rule).
   */
  sourceTypes?: Record<string, SourceColumnType>;
}

export type SourceColumnType = 'string' | 'number' | 'boolean' | 'date' | 'binary' | 'json';

/**
 * An empty `RawTable.data`: a dictionary without a prototype, so any column name is an ordinary key
 * (on `{}`, assigning `__proto__` replaces the prototype and `data.toString` is a function).
 */
export function columnData(): RawTable['data'] {
  return dictionary();
}
