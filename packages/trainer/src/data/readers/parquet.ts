import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { dataError } from '../data-error.js';
import { columnData, type RawTable, type SourceColumnType } from '../table.js';
import { openDataFile } from './file.js';
import { sourceTypeOf, stringifyValue } from './stringify.js';
import { defaultBatchRows, normalizeHeader, selectColumns, type ReadOptions } from './table-builder.js';

/**
 * Streams a Parquet file (hyparquet) in row ranges of `batchRows`; only the requested columns'
 * pages are read. Typed values are stringified as table.ts says; timestamp/date columns are
 * reported as `sourceTypes[column] = 'date'`.
 */
export async function* readParquetBatches(file: string, options: ReadOptions = {}): AsyncGenerator<RawTable> {
  const { size } = await openDataFile(file);
  if (size === 0) throw dataError(file, 'is empty: it is not a Parquet file.');
  const buffer = await asyncBufferFromFile(file);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw dataError(file, `is not a readable Parquet file: ${(error as Error).message}`);
  }
  const header = normalizeHeader(file, parquetSchema(metadata).children.map((child) => child.element.name));
  const columns = selectColumns(file, header, options.columns).map((index) => header[index]);
  const totalRows = Math.min(Number(metadata.num_rows), options.maxRows ?? Number.POSITIVE_INFINITY);
  const batchRows = options.batchRows ?? defaultBatchRows;
  const sourceTypes: Record<string, SourceColumnType> = Object.create(null);

  for (let rowStart = 0; rowStart < totalRows || rowStart === 0; rowStart += batchRows) {
    const rowEnd = Math.min(totalRows, rowStart + batchRows);
    const rows =
      rowEnd > rowStart
        ? await new Promise<Record<string, unknown>[]>((resolve, reject) => {
            parquetRead({ file: buffer, metadata, columns, rowStart, rowEnd, rowFormat: 'object', onComplete: resolve }).catch(reject);
          })
        : [];
    const table: RawTable = { columns: [...columns], rowCount: rows.length, data: columnData() };
    for (const name of columns) {
      const values = new Array<string | null>(rows.length);
      for (let row = 0; row < rows.length; row++) {
        const value = rows[row][name];
        if (sourceTypes[name] === undefined) {
          const type = sourceTypeOf(value);
          if (type !== null) sourceTypes[name] = type;
        }
        values[row] = stringifyValue(value);
      }
      table.data[name] = values;
    }
    table.sourceTypes = { ...sourceTypes };
    yield table;
    if (rowEnd >= totalRows) break;
  }
}
