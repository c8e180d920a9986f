import { dataError } from '../data-error.js';
import { columnData, type RawTable } from '../table.js';
import { stringifyValue } from './stringify.js';

/**
 * Collects JSON records (objects) into column-major batches. Columns are the union of the keys
 * seen so far, in first-seen order; a key first seen in a later batch adds a column from then on.
 */
export class RecordBuilder {
  private readonly columns: string[] = [];
  private data = new Map<string, (string | null)[]>();
  private rows = 0;
  private readonly wanted: Set<string> | null;
  private readonly seen = new Set<string>();

  constructor(wanted: readonly string[] | undefined) {
    this.wanted = wanted ? new Set(wanted) : null;
  }

  get rowCount(): number {
    return this.rows;
  }

  addRecord(record: Record<string, unknown>): void {
    for (const key of Object.keys(record)) {
      if (this.wanted !== null && !this.wanted.has(key)) continue;
      let values = this.data.get(key);
      if (values === undefined) {
        values = new Array<string | null>(this.rows).fill(null);
        this.data.set(key, values);
        if (!this.seen.has(key)) {
          this.seen.add(key);
          this.columns.push(key);
        }
      }
      values.push(stringifyValue(record[key]));
    }
    this.rows++;
    for (const values of this.data.values()) {
      if (values.length < this.rows) values.push(null);
    }
  }

  take(): RawTable {
    const table: RawTable = { columns: [...this.columns], rowCount: this.rows, data: columnData() };
    for (const name of this.columns) {
      table.data[name] = this.data.get(name) ?? new Array<string | null>(this.rows).fill(null);
    }
    this.data = new Map(this.columns.map((name) => [name, []]));
    this.rows = 0;
    return table;
  }

  /** Call at the end: requested columns that never appeared are an error. */
  checkWanted(file: string): void {
    if (this.wanted === null) return;
    const missing = [...this.wanted].filter((name) => !this.seen.has(name));
    if (missing.length > 0) {
      throw dataError(file, `no column named ${missing.map((name) => `'${name}'`).join(', ')}; the columns are ${this.columns.map((name) => `'${name}'`).join(', ')}.`, {
        path: missing[0],
      });
    }
  }
}
