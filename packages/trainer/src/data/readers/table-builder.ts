import { dataError } from '../data-error.js';
import { columnData, type RawTable, type SourceColumnType } from '../table.js';
import type { ReadLimits } from './read-limits.js';

/** What every reader accepts besides its format-specific options. */
export interface ReadOptions {
  /** Keep only these columns (in the file's order). Unknown names are an error. */
  columns?: string[];
  /** Stop after this many data rows. */
  maxRows?: number;
  /** Rows per yielded batch when streaming (default 65,536). */
  batchRows?: number;
  /** Caps on what a compressed file (.xlsx, Parquet) may expand to; each defaults to `defaultReadLimits`. */
  limits?: Partial<ReadLimits>;
}

export const defaultBatchRows = 65_536;
const maxInternedValues = 4096;

/**
 * Column names as pandas would give them: an empty header cell becomes `Unnamed: <0-based index>`.
 * Duplicates are an error rather than pandas' silent `x.1` renaming: a config naming `x` would be
 * ambiguous.
 */
export function normalizeHeader(file: string, names: readonly string[], line?: number): string[] {
  const columns = names.map((name, index) => (name === '' ? `Unnamed: ${index}` : name));
  const firstSeen = new Map<string, number>();
  for (let index = 0; index < columns.length; index++) {
    const name = columns[index];
    const earlier = firstSeen.get(name);
    if (earlier !== undefined) {
      throw dataError(file, `column '${name}' appears twice (columns ${earlier + 1} and ${index + 1}); rename one of them.`, {
        path: name,
        line,
        column: index + 1,
      });
    }
    firstSeen.set(name, index);
  }
  return columns;
}

/** Positions of the requested columns (all columns when none are requested). */
export function selectColumns(file: string, columns: readonly string[], wanted: readonly string[] | undefined): number[] {
  if (wanted === undefined) return columns.map((_, index) => index);
  const wantedSet = new Set(wanted);
  const missing = wanted.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw dataError(
      file,
      `no column named ${missing.map((name) => `'${name}'`).join(', ')}; the columns are ${columns.map((name) => `'${name}'`).join(', ')}.`,
      { path: missing[0] },
    );
  }
  const indices: number[] = [];
  columns.forEach((name, index) => {
    if (wantedSet.has(name)) indices.push(index);
  });
  return indices;
}

/**
 * Collects rows into column-major batches. Rows arrive as arrays in the file's column order; only
 * the kept positions are stored. An empty string is a missing value.
 */
export class TableBuilder {
  readonly columns: string[];
  private readonly keep: number[];
  private data: (string | null)[][];
  private rows = 0;
  sourceTypes: Record<string, SourceColumnType> | undefined;
  /**
   * Repeated values of low-cardinality columns share one string. A million-row table holds ten
   * million cells; sharing them cuts memory and, above all, the garbage collector's marking work,
   * which dominated reading time before. A column stops interning once it has too many values.
   */
  private readonly interned: (Map<string, string> | null)[];

  constructor(allColumns: readonly string[], keep: readonly number[]) {
    this.keep = [...keep];
    this.columns = this.keep.map((index) => allColumns[index]);
    this.data = this.keep.map(() => []);
    this.interned = this.keep.map(() => new Map());
  }

  get rowCount(): number {
    return this.rows;
  }

  addRow(fields: ArrayLike<string | null | undefined>): void {
    const keep = this.keep;
    const data = this.data;
    const interned = this.interned;
    for (let k = 0; k < keep.length; k++) {
      let value = fields[keep[k]];
      if (value === undefined || value === '') value = null;
      else if (value !== null) {
        const pool = interned[k];
        if (pool !== null) {
          const known = pool.get(value);
          if (known !== undefined) value = known;
          else if (pool.size < maxInternedValues) pool.set(value, value);
          else interned[k] = null;
        }
      }
      data[k].push(value);
    }
    this.rows++;
  }

  /** The rows collected so far as a table; the builder starts empty again. */
  take(): RawTable {
    const table: RawTable = { columns: [...this.columns], rowCount: this.rows, data: columnData() };
    this.columns.forEach((name, k) => {
      table.data[name] = this.data[k];
    });
    if (this.sourceTypes) table.sourceTypes = { ...this.sourceTypes };
    this.data = this.keep.map(() => []);
    this.rows = 0;
    return table;
  }
}

/** Joins batches (with the same columns, or later batches adding columns) into one table. */
export function concatTables(batches: RawTable[], emptyColumns: string[] = []): RawTable {
  const columns = [...emptyColumns];
  const seen = new Set(columns);
  for (const batch of batches) {
    for (const name of batch.columns) {
      if (!seen.has(name)) {
        seen.add(name);
        columns.push(name);
      }
    }
  }
  const rowCount = batches.reduce((sum, batch) => sum + batch.rowCount, 0);
  const data = columnData();
  for (const name of columns) {
    if (batches.length === 1 && batches[0].data[name]) {
      data[name] = batches[0].data[name];
      continue;
    }
    const values: (string | null)[] = new Array(rowCount);
    let offset = 0;
    for (const batch of batches) {
      const source = batch.data[name];
      for (let row = 0; row < batch.rowCount; row++) values[offset + row] = source ? source[row] : null;
      offset += batch.rowCount;
    }
    data[name] = values;
  }
  const table: RawTable = { columns, rowCount, data };
  const sourceTypes = batches.find((batch) => batch.sourceTypes)?.sourceTypes;
  if (sourceTypes) table.sourceTypes = sourceTypes;
  return table;
}
