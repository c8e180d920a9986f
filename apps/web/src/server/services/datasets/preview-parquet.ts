import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { ApiError } from '../../errors';
import { cellText, type PreviewPage } from './preview-page';

const unreadable = (error: unknown) =>
  new ApiError('invalid_data', `the stored file is not a readable Parquet file (${(error as Error).message}); upload it again, or export it anew from its source.`);

/**
 * One page of a Parquet file, read by byte ranges (hyparquet, the trainer's Parquet reader): the
 * footer gives every row group's row count and byte offsets, so only the row groups that overlap
 * the page are fetched — and within them, with an offset index, only the pages covering the rows.
 * The first page of a 10 GB file costs the footer and one row group; a deep page costs the same,
 * and memory never holds more than those row groups.
 */
export async function previewParquet(file: string, offset: number, limit: number): Promise<PreviewPage> {
  const buffer = await asyncBufferFromFile(file);
  if (buffer.byteLength === 0) throw new ApiError('invalid_data', 'the stored file is empty: it is not a Parquet file.');
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw unreadable(error);
  }
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  const total = Number(metadata.num_rows);
  const rowStart = Math.min(offset, total);
  const rowEnd = Math.min(offset + limit, total);
  let records: Record<string, unknown>[] = [];
  if (rowEnd > rowStart) {
    try {
      records = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        parquetRead({ file: buffer, metadata, columns, rowStart, rowEnd, rowFormat: 'object', useOffsetIndex: true, onComplete: resolve }).catch(reject);
      });
    } catch (error) {
      throw unreadable(error);
    }
  }
  return { columns, rows: records.map((record) => columns.map((name) => cellText(record[name]))), offset, limit, hasMore: rowEnd < total };
}
