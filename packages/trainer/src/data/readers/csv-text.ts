import { dataError } from '../data-error.js';
import type { RawTable } from '../table.js';
import { detectDelimiter, detectNewline } from './csv-dialect.js';
import { createCsvParser } from './papaparse.js';
import { normalizeHeader, TableBuilder } from './table-builder.js';

export interface CsvTextOptions {
  /** Field delimiter; detected when omitted (`,` `;` tab `|`). */
  delimiter?: string;
  /** Named in error messages (default `CSV`). */
  source?: string;
}

export interface CsvTextResult {
  table: RawTable;
  /**
   * Data rows (1-based) whose field count differs from the header's. They stay in the table as
   * all-missing rows, so row i of the table is still data row i.
   */
  badRows: { row: number; message: string }[];
}

/**
 * Parses CSV held in memory (a request body) with the same parser and dialect detection as the
 * file reader. A malformed quote fails the whole text; a row with the wrong number of fields is
 * reported in `badRows` instead, so the other rows can still be answered.
 */
export function parseCsvText(text: string, options: CsvTextOptions = {}): CsvTextResult {
  const source = options.source ?? 'CSV';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw dataError(source, 'is empty: it has no header row and no data.', { line: 1 });
  const newline = detectNewline(body);
  const delimiter = options.delimiter ?? detectDelimiter(body, newline, true);
  const result = createCsvParser(delimiter, newline).parse(body, 0, false);
  const problem = result.errors.find((e) => e.type === 'Quotes');
  if (problem) throw dataError(source, `row ${problem.row + 1} has a quoted field that is not closed or is followed by other text; a value holding a '"' must be quoted with the quote doubled ("").`, { line: problem.row + 1 });
  const rows = result.data.filter((row) => !(row.length === 1 && row[0] === ''));
  const header = normalizeHeader(source, rows[0]);
  const builder = new TableBuilder(header, header.map((_, i) => i));
  const badRows: CsvTextResult['badRows'] = [];
  const empty = new Array<null>(header.length).fill(null);
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== header.length) {
      badRows.push({ row: r, message: `has ${row.length} field${row.length === 1 ? '' : 's'}, the header has ${header.length}.` });
      builder.addRow(empty);
    } else {
      builder.addRow(row);
    }
  }
  return { table: builder.take(), badRows };
}
