import { extname } from 'node:path';
import { dataError } from './data-error.js';
import { readCsv, readCsvBatches } from './readers/csv.js';
import { readExcelBatches } from './readers/excel.js';
import { readJsonBatches, readJsonLinesBatches } from './readers/json.js';
import { readParquetBatches } from './readers/parquet.js';
import { concatTables, type ReadOptions } from './readers/table-builder.js';
import type { TextEncodingName } from './readers/text-encoding.js';
import type { RawTable } from './table.js';

export type TableFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'xlsx';

export interface ReadTableOptions extends ReadOptions {
  /** File format; taken from the extension when omitted. */
  format?: TableFormat;
  /** CSV/TSV field delimiter; detected when omitted (TSV defaults to tab). */
  delimiter?: string;
  /** CSV/TSV text encoding; detected when omitted. */
  encoding?: TextEncodingName;
}

/** File extensions we read, and the format each means. */
export const tableFormatsByExtension = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.xlsx': 'xlsx',
} as const satisfies Record<string, TableFormat>;

/** The format of `file` from its extension (or `format`), or an error listing the supported ones. */
export function resolveTableFormat(file: string, format?: TableFormat): TableFormat {
  if (format !== undefined) return format;
  const extension = extname(file).toLowerCase() as keyof typeof tableFormatsByExtension;
  const resolved: TableFormat | undefined = tableFormatsByExtension[extension];
  if (resolved === undefined) {
    const supported = Object.keys(tableFormatsByExtension).join(', ');
    throw dataError(
      file,
      `has ${extension ? `the extension '${extension}'` : 'no extension'}, which is not a supported table format. Supported: ${supported} (or pass format explicitly).`,
    );
  }
  return resolved;
}

/**
 * Streams a table file as column-major batches of about `batchRows` rows (the upload/profile
 * path for files too big to hold twice). Every batch has the same columns, except that JSON
 * Lines files may add columns in later batches when later records introduce new keys. At least
 * one batch is always yielded (possibly with 0 rows, carrying the columns of a header-only file).
 */
export function readTableInChunks(file: string, options: ReadTableOptions = {}): AsyncGenerator<RawTable> {
  const format = resolveTableFormat(file, options.format);
  const readers = {
    csv: () => readCsvBatches(file, options),
    tsv: () => readCsvBatches(file, { ...options, delimiter: options.delimiter ?? '\t' }),
    json: () => readJsonBatches(file, options),
    jsonl: () => readJsonLinesBatches(file, options),
    parquet: () => readParquetBatches(file, options),
    xlsx: () => readExcelBatches(file, options),
  } satisfies Record<TableFormat, () => AsyncGenerator<RawTable>>;
  return readers[format]();
}

/**
 * Reads a whole table file into memory. A file with a header and no rows gives a 0-row table
 * (reading is not the place to refuse it; training does).
 */
export async function readTable(file: string, options: ReadTableOptions = {}): Promise<RawTable> {
  const format = resolveTableFormat(file, options.format);
  if (format === 'csv' || format === 'tsv') {
    return readCsv(file, format === 'tsv' ? { ...options, delimiter: options.delimiter ?? '\t' } : options);
  }
  const batches: RawTable[] = [];
  for await (const batch of readTableInChunks(file, { ...options, format })) batches.push(batch);
  const columns = batches[0]?.columns ?? [];
  return concatTables(batches.filter((batch) => batch.rowCount > 0), columns);
}
