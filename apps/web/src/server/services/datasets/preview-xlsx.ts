import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import unzipper, { type CentralDirectory, type CentralDirectoryEntry } from 'unzipper';
import { ApiError } from '../../errors';
import { cellText, headerNames, type PreviewPage } from './preview-page';

/**
 * The per-part parsers of exceljs' streaming WorkbookReader (exceljs 4.4; not in its typings).
 * `parse()` calls them in the zip's stored order; we call them in the order a preview needs.
 */
interface WorkbookParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Iterable<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

const unreadable = (reason: string) =>
  new ApiError('invalid_data', `the stored file is not a readable Excel (.xlsx) workbook (${reason}); upload it again, saved from Excel as .xlsx.`);

/**
 * One page of the first worksheet of an .xlsx workbook: the header is its first non-empty row,
 * rows stream until the page is full and one more row tells whether there are more.
 *
 * Why not simply iterate exceljs' `WorkbookReader` as the worker's reader does: it reads the zip
 * front to back, and Excel (like exceljs itself) stores the worksheets *before* the shared
 * strings, so that reader copies the whole decompressed sheet to a temporary file before it yields
 * the first row — and when we stop after a page, that file is only removed when the process exits.
 * Instead the zip's central directory (at its end) is read first, and the small parts a sheet
 * depends on (relationships, workbook, shared strings, styles) are parsed by exceljs' own parsers
 * before the sheet streams; so the first page costs those parts plus the first rows, and memory
 * holds the shared-string table (as exceljs always does) and one page. Every file read is closed
 * when the page is done.
 */
export async function previewXlsx(file: string, offset: number, limit: number): Promise<PreviewPage> {
  const { size } = await fs.stat(file);
  if (size === 0) throw new ApiError('invalid_data', 'the stored file is empty: it is not an Excel workbook.');
  const opened: Readable[] = [];
  const source = {
    size: async () => size,
    stream(start: number, length?: number) {
      const stream = createReadStream(file, { start, end: length ? start + length : undefined });
      opened.push(stream);
      return stream;
    },
  };
  try {
    let directory: CentralDirectory;
    try {
      directory = await unzipper.Open.custom(source);
    } catch (error) {
      throw unreadable(`it is not a zip archive: ${(error as Error).message}`);
    }
    return await readFirstSheet(directory, offset, limit);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw unreadable((error as Error).message);
  } finally {
    for (const stream of opened) stream.destroy();
  }
}

async function readFirstSheet(directory: CentralDirectory, offset: number, limit: number): Promise<PreviewPage> {
  const entries = new Map<string, CentralDirectoryEntry>(directory.files.map((entry) => [entry.path, entry]));
  const part = (name: string) => entries.get(name)?.stream();
  // The first worksheet in stored order: the sheet the worker's reader profiles.
  const sheet = directory.files.find((entry) => /^xl\/worksheets\/sheet\d+\.xml$/.test(entry.path));
  const workbookXml = part('xl/workbook.xml');
  if (!sheet || !workbookXml) throw unreadable('it has no worksheet');

  const workbook = new ExcelJS.stream.xlsx.WorkbookReader('', {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  }) as unknown as WorkbookParts;
  const rels = part('xl/_rels/workbook.xml.rels');
  if (rels) await workbook._parseRels(rels);
  await workbook._parseWorkbook(workbookXml);
  const sharedStrings = part('xl/sharedStrings.xml');
  if (sharedStrings) for await (const _ of workbook._parseSharedStrings(sharedStrings)) { /* 'cache' keeps them on the reader */ }
  const styles = part('xl/styles.xml'); // number formats: which numbers are dates
  if (styles) await workbook._parseStyles(styles);
  const sheetNo = /(\d+)\.xml$/.exec(sheet.path)![1];
  const [emitted] = [...workbook._parseWorksheet(sheet.stream(), sheetNo)];

  let header: string[] | null = null;
  const rows: (string | null)[][] = [];
  let index = 0;
  let hasMore = false;
  for await (const row of emitted.value) {
    // Array.from, not map: `values` is sparse (blank cells are holes) and holes must become nulls.
    const cells = Array.from((row.values as unknown[]).slice(1), plainValue);
    if (cells.every((value) => value === null || value === undefined || value === '')) continue;
    if (header === null) {
      header = headerNames(cells);
      continue;
    }
    if (index >= offset + limit) {
      hasMore = true;
      break;
    }
    if (index >= offset) rows.push(header.map((_, column) => cellText(cells[column])));
    index++;
  }
  if (header === null) throw new ApiError('invalid_data', 'the first worksheet of the stored workbook is empty: it has no header row.');
  return { columns: header, rows, offset, limit, hasMore };
}

/** The plain value of an exceljs cell, as the worker's reader takes it: formula results, rich text's text, hyperlinks' text; errors are missing. */
function plainValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date) return value ?? null;
  const cell = value as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
  if (cell.richText) return cell.richText.map((part) => part.text).join('');
  if ('formula' in cell || 'sharedFormula' in cell) return plainValue(cell.result ?? null);
  if (cell.text !== undefined) return plainValue(cell.text);
  if (cell.error !== undefined) return null;
  return value;
}
