import ExcelJS from 'exceljs';
import { dataError } from '../data-error.js';
import type { RawTable, SourceColumnType } from '../table.js';
import { openDataFile } from './file.js';
import { sourceTypeOf, stringifyValue } from './stringify.js';
import { defaultBatchRows, normalizeHeader, selectColumns, TableBuilder, type ReadOptions } from './table-builder.js';

/**
 * Streams the first worksheet of an .xlsx workbook (exceljs' streaming reader). The first non-empty
 * row is the header; empty rows are skipped. Errors name the worksheet row number as `line`.
 * Formula cells give their cached result, rich text its plain text, hyperlinks their text.
 */
export async function* readExcelBatches(file: string, options: ReadOptions = {}): AsyncGenerator<RawTable> {
  const { size } = await openDataFile(file);
  if (size === 0) throw dataError(file, 'is empty: it is not an Excel workbook.');
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const batchRows = options.batchRows ?? defaultBatchRows;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  let builder: TableBuilder | null = null;
  let width = 0;
  let rowsRead = 0;
  const sourceTypes: Record<string, SourceColumnType> = Object.create(null);
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const cells = (row.values as unknown[]).slice(1).map(cellValue);
        if (cells.every((value) => value === null || value === undefined || value === '')) continue;
        if (builder === null) {
          const header = normalizeHeader(file, cells.map((value) => stringifyValue(value) ?? ''), row.number);
          builder = new TableBuilder(header, selectColumns(file, header, options.columns));
          width = header.length;
          continue;
        }
        const extra = cells.findIndex((value, index) => index >= width && value !== null && value !== undefined && value !== '');
        if (extra !== -1) {
          throw dataError(file, `row ${row.number} has a value in column ${extra + 1}, but the header has ${width} columns.`, { line: row.number, column: extra + 1 });
        }
        const fields = new Array<string | null>(width);
        for (let index = 0; index < width; index++) {
          const value = cells[index];
          const name = builder.columns[index];
          if (name !== undefined && sourceTypes[name] === undefined) {
            const type = sourceTypeOf(value);
            if (type !== null) sourceTypes[name] = type;
          }
          fields[index] = stringifyValue(value);
        }
        builder.addRow(fields);
        builder.sourceTypes = sourceTypes;
        if (++rowsRead >= maxRows) break;
        if (builder.rowCount >= batchRows) yield builder.take();
      }
      break; // first worksheet only
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'OvertureError') throw error;
    throw dataError(file, `is not a readable Excel (.xlsx) workbook: ${(error as Error).message}`);
  }
  if (builder === null) throw dataError(file, 'is empty: its first worksheet has no header row.');
  yield builder.take();
}

/** The plain value of an exceljs cell (formula results, rich text, hyperlinks, errors). */
function cellValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date) return value ?? null;
  const cell = value as { result?: unknown; formula?: string; richText?: { text: string }[]; text?: unknown; error?: string };
  if (cell.richText) return cell.richText.map((part) => part.text).join('');
  if ('formula' in cell || 'sharedFormula' in cell) return cellValue(cell.result ?? null);
  if (cell.text !== undefined) return cellValue(cell.text);
  if (cell.error !== undefined) return null;
  return value;
}
