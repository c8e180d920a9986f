import { dataError } from '../data-error.js';
import type { RawTable, SourceColumnType } from '../table.js';
import { BoundedZip } from './bounded-zip.js';
import { openDataFile } from './file.js';
import { limitError, resolveReadLimits, type ReadLimits } from './read-limits.js';
import { sourceTypeOf, stringifyValue } from './stringify.js';
import { defaultBatchRows, normalizeHeader, selectColumns, TableBuilder, type ReadOptions } from './table-builder.js';
import { readSharedStrings } from './xlsx/shared-strings.js';
import { readSheetRows } from './xlsx/sheet.js';
import { readDateStyles } from './xlsx/styles.js';
import { readWorkbookParts } from './xlsx/workbook.js';

const describe = 'an Excel (.xlsx) workbook';

/**
 * Streams the first worksheet (in tab order) of an .xlsx workbook. The first non-empty row is the
 * header; empty rows are skipped. Errors name the worksheet row number as `line`. Formula cells
 * give their cached result, rich text its plain text, numbers styled as dates a Date.
 *
 * The zip is read by random access, so the small parts a sheet depends on (relationships,
 * workbook, shared strings, styles) are read before the sheet streams, whatever order the
 * archive stores them in, and nothing is written to disk. Every part is bounded by `limits`.
 */
export async function* readExcelBatches(file: string, options: ReadOptions = {}): AsyncGenerator<RawTable> {
  const { size } = await openDataFile(file);
  if (size === 0) throw dataError(file, 'is empty: it is not an Excel workbook.');
  const limits = resolveReadLimits(options.limits);
  const zip = await BoundedZip.open(file, limits, describe);
  try {
    yield* sheetBatches(zip, file, options, limits);
  } catch (error) {
    if (error instanceof Error && error.name === 'OvertureError') throw error;
    throw dataError(file, `is not a readable Excel (.xlsx) workbook: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}

async function* sheetBatches(zip: BoundedZip, file: string, options: ReadOptions, limits: ReadLimits): AsyncGenerator<RawTable> {
  const parts = await readWorkbookParts(zip, file, limits);
  const sharedStrings = parts.sharedStrings ? await readSharedStrings(zip, file, parts.sharedStrings, limits) : [];
  const dateStyles = parts.styles ? await readDateStyles(zip, file, parts.styles, limits) : new Set<number>();
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const batchRows = options.batchRows ?? defaultBatchRows;
  let builder: TableBuilder | null = null;
  let header: string[] = [];
  let width = 0;
  let rowsRead = 0;
  const sourceTypes: Record<string, SourceColumnType> = Object.create(null);
  for await (const row of readSheetRows(zip, file, parts.sheet, limits, { sharedStrings, dateStyles, date1904: parts.date1904 })) {
    // Array.from, not map: `cells` is sparse (blank cells are holes) and holes must become nulls.
    const cells = Array.from(row.cells, (value) => value ?? null);
    if (cells.every((value) => value === null || value === '')) continue;
    if (builder === null) {
      header = normalizeHeader(file, cells.map((value) => stringifyValue(value) ?? ''), row.number);
      builder = new TableBuilder(header, selectColumns(file, header, options.columns));
      width = header.length;
      continue;
    }
    const extra = cells.findIndex((value, index) => index >= width && value !== null && value !== '');
    if (extra !== -1) {
      throw dataError(file, `row ${row.number} has a value in column ${extra + 1}, but the header has ${width} columns.`, { line: row.number, column: extra + 1 });
    }
    if ((rowsRead + 1) * width > limits.maxCells) {
      throw limitError(file, `its first sheet has more than ${rowsRead.toLocaleString('en-US')} rows of ${width} columns`, 'maxCells', limits);
    }
    const fields = new Array<string | null>(width);
    for (let index = 0; index < width; index++) {
      const value = cells[index];
      const name = header[index];
      if (sourceTypes[name] === undefined) {
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
  if (builder === null) throw dataError(file, 'is empty: its first worksheet has no header row.');
  yield builder.take();
}
