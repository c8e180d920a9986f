import { open } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, snappyUncompress, type Compressors, type FileMetaData } from 'hyparquet';
import { dataError } from '../data-error.js';
import { columnData, type RawTable, type SourceColumnType } from '../table.js';
import { openDataFile } from './file.js';
import { limitError, ratioFloorBytes, resolveReadLimits, type ReadLimits } from './read-limits.js';
import { sourceTypeOf, stringifyValue } from './stringify.js';
import { defaultBatchRows, normalizeHeader, selectColumns, type ReadOptions } from './table-builder.js';

/**
 * Streams a Parquet file (hyparquet) in row ranges of `batchRows`; only the requested columns'
 * pages are read. Typed values are stringified as table.ts says; timestamp/date columns are
 * reported as `sourceTypes[column] = 'date'`.
 *
 * A footer can claim anything, so before a page is read the footer's own size, the row count
 * and the column chunks' declared sizes are checked against `limits`; and since page headers can
 * lie too, every page is decompressed through `boundedCompressors`, which refuses a page whose
 * size would pass the budget before allocating it.
 */
export async function* readParquetBatches(file: string, options: ReadOptions = {}): AsyncGenerator<RawTable> {
  const { size } = await openDataFile(file);
  if (size === 0) throw dataError(file, 'is empty: it is not a Parquet file.');
  const limits = resolveReadLimits(options.limits);
  await checkFooterSize(file, size, limits);
  const buffer = await asyncBufferFromFile(file);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw dataError(file, `is not a readable Parquet file: ${(error as Error).message}`);
  }
  const header = normalizeHeader(file, parquetSchema(metadata).children.map((child) => child.element.name));
  const columns = selectColumns(file, header, options.columns).map((index) => header[index]);
  const totalRows = Math.min(Number(metadata.num_rows), options.maxRows ?? Number.POSITIVE_INFINITY);
  checkDeclaredSizes(file, metadata, columns, totalRows, limits);
  const compressors = boundedCompressors(file, limits);
  const batchRows = options.batchRows ?? defaultBatchRows;
  const sourceTypes: Record<string, SourceColumnType> = Object.create(null);

  for (let rowStart = 0; rowStart < totalRows || rowStart === 0; rowStart += batchRows) {
    const rowEnd = Math.min(totalRows, rowStart + batchRows);
    let rows: Record<string, unknown>[] = [];
    if (rowEnd > rowStart) {
      try {
        rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
          parquetRead({ file: buffer, metadata, columns, rowStart, rowEnd, rowFormat: 'object', compressors, onComplete: resolve }).catch(reject);
        });
      } catch (error) {
        if (error instanceof Error && error.name === 'OvertureError') throw error;
        throw dataError(file, `is not a readable Parquet file: ${(error as Error).message}`);
      }
    }
    const table: RawTable = { columns: [...columns], rowCount: rows.length, data: columnData() };
    for (const name of columns) {
      const values = new Array<string | null>(rows.length);
      for (let row = 0; row < rows.length; row++) {
        const value = rows[row][name];
        if (sourceTypes[name] === undefined) {
          const type = sourceTypeOf(value);
          if (type !== null) sourceTypes[name] = type;
        }
        const text = stringifyValue(value);
        if (text !== null && text.length > limits.maxCellBytes) {
          throw limitError(file, `the value in row ${rowStart + row + 1}, column '${name}' is longer than the per-cell limit`, 'maxCellBytes', limits);
        }
        values[row] = text;
      }
      table.data[name] = values;
    }
    table.sourceTypes = { ...sourceTypes };
    yield table;
    if (rowEnd >= totalRows) break;
  }
}

/** The footer's length is in the last 8 bytes (4-byte length, then `PAR1`): checked before hyparquet reads it. */
async function checkFooterSize(file: string, size: number, limits: ReadLimits): Promise<void> {
  if (size < 12) throw dataError(file, 'is not a readable Parquet file: it is too short to hold a Parquet footer.');
  const handle = await open(file, 'r');
  try {
    const tail = Buffer.alloc(8);
    await handle.read(tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4) !== 'PAR1') throw dataError(file, 'is not a readable Parquet file: it does not end with the Parquet magic bytes (PAR1).');
    const footer = tail.readUInt32LE(0);
    if (footer > size - 8) throw dataError(file, `is not a readable Parquet file: its footer claims ${footer.toLocaleString('en-US')} bytes, more than the file holds (it may be truncated).`);
    if (footer > limits.maxParquetMetadataBytes) throw limitError(file, `its footer (metadata) is ${footer.toLocaleString('en-US')} bytes`, 'maxParquetMetadataBytes', limits);
  } finally {
    await handle.close();
  }
}

/** Rows (to read) × columns, and the declared uncompressed size and ratio of every column chunk that will be read. */
function checkDeclaredSizes(file: string, metadata: FileMetaData, columns: string[], rows: number, limits: ReadLimits): void {
  if (rows * Math.max(1, columns.length) > limits.maxCells) {
    throw limitError(file, `declares ${rows.toLocaleString('en-US')} rows of ${columns.length} columns`, 'maxCells', limits);
  }
  const wanted = new Set(columns);
  let total = 0;
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta || !wanted.has(meta.path_in_schema[0])) continue;
      const unpacked = Number(meta.total_uncompressed_size);
      const packed = Number(meta.total_compressed_size);
      total += unpacked;
      if (total > limits.maxUnpackedBytes) {
        throw limitError(file, `declares more than ${Math.round(total / 1024 ** 2).toLocaleString('en-US')} MB of uncompressed column data`, 'maxUnpackedBytes', limits);
      }
      if (unpacked > ratioFloorBytes && unpacked > packed * limits.maxUnpackRatio) {
        throw limitError(file, `column '${meta.path_in_schema.join('.')}' declares ${Math.round(unpacked / Math.max(1, packed))} times its compressed size`, 'maxUnpackRatio', limits);
      }
    }
  }
}

/**
 * hyparquet decompresses a page into `new Uint8Array(uncompressed_page_size)` from the page
 * header, whatever the footer said: the size is checked here, against what is left of the
 * budget and against the page's own compressed size, before the buffer exists. hyparquet reads
 * only Snappy and uncompressed pages itself; other codecs stay refused in its words.
 */
function boundedCompressors(file: string, limits: ReadLimits): Compressors {
  let unpacked = 0;
  return {
    SNAPPY(input: Uint8Array, outputLength: number): Uint8Array {
      unpacked += outputLength;
      if (unpacked > limits.maxUnpackedBytes) {
        throw limitError(file, `its pages decompress to more than ${Math.round(unpacked / 1024 ** 2).toLocaleString('en-US')} MB`, 'maxUnpackedBytes', limits);
      }
      if (outputLength > ratioFloorBytes && outputLength > input.length * limits.maxUnpackRatio) {
        throw limitError(file, `a page claims ${Math.round(outputLength / Math.max(1, input.length))} times its compressed size`, 'maxUnpackRatio', limits);
      }
      const output = new Uint8Array(outputLength);
      snappyUncompress(input, output);
      return output;
    },
  };
}
