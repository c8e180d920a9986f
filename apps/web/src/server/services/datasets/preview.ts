import { createReadStream, promises as fs, type ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Dataset } from '@overture/db';
import { datasetPreviewPath, isPreviewedByProfile } from '@overture/jobs';
import Papa from 'papaparse';
import { ApiError, conflict } from '../../errors';
import { inStore } from '../store-paths';
import { cellText, type PreviewPage } from './preview-page';

export type { PreviewPage } from './preview-page';

/**
 * One page of a dataset's rows. CSV, TSV and JSON Lines are paged from the stored file; a
 * workbook, Parquet or JSON file is never opened here — one hostile file (a few megabytes of
 * zip that inflate to gigabytes) could fill the web process's heap — but paged from the CSV the
 * worker's profile job wrote, under the read limits, before it marked the dataset ready.
 */
export async function datasetRows(dataDir: string, dataset: Dataset, offset: number, limit: number): Promise<PreviewPage> {
  if (!isPreviewedByProfile(dataset.format)) return previewRows(inStore(dataDir, dataset.storagePath), dataset.format, offset, limit);
  if (dataset.status === 'failed') throw new ApiError('invalid_data', `there is no preview: profiling this dataset failed (${dataset.error ?? 'no reason recorded'}).`);
  if (dataset.status !== 'ready') throw conflict('the preview is being prepared: the rows of this file are shown once profiling has finished.');
  const preview = inStore(dataDir, datasetPreviewPath(dataset.id));
  try {
    await fs.access(preview);
  } catch {
    throw conflict('this dataset was profiled before previews were stored, so there is no preview of its rows; upload the file again to see them.');
  }
  return previewDelimited(preview, ',', offset, limit, defaultMaxRowChars);
}

/**
 * One page of a delimited or JSON Lines file, read by streaming it and stopping after the page,
 * so the first pages of a multi-gigabyte file come back at once and memory stays flat. The web
 * app never loads the trainer, so it reads with papaparse as the worker's readers do and writes
 * cells as they do.
 */
export async function previewRows(file: string, format: string | null, offset: number, limit: number, maxRowChars = defaultMaxRowChars): Promise<PreviewPage> {
  switch (format) {
    case 'csv':
    case 'tsv':
      return previewDelimited(file, format === 'tsv' ? '\t' : undefined, offset, limit, maxRowChars);
    case 'jsonl':
      return previewJsonLines(file, offset, limit, maxRowChars);
    default:
      throw new ApiError('unsupported', `a preview of ${format ?? 'this'} files is not available; the profile (columns and statistics) is.`);
  }
}

/**
 * A parser holds the text of the row it is in until the row ends, so a file that is one endless
 * line (a 2 GB upload without a line break) would sit whole in the web's heap: the characters
 * read since the last row ended are counted, and past the cap the stream stops with an error.
 */
/** Characters; counted a read chunk (256 KB) at a time, so a cap must be well above that. */
const defaultMaxRowChars = 64 * 1024 * 1024;

function guardRowLength(stream: ReadStream, maxRowChars: number, pageIsFull: () => boolean): { rowEnded(): void } {
  let sinceRow = 0;
  // Registered before the parser's own listener, so it runs first on every chunk.
  stream.on('data', (chunk: string | Buffer) => {
    sinceRow += chunk.length;
    if (sinceRow <= maxRowChars) return;
    // Past a full page, the long row only means there is more; before it, the page cannot be shown.
    if (pageIsFull()) stream.destroy(new RowTooLong(true));
    else stream.destroy(new RowTooLong(false));
  });
  return { rowEnded: () => { sinceRow = 0; } };
}

class RowTooLong extends Error {
  constructor(readonly afterFullPage: boolean) {
    super('a row is too long to preview');
  }
}

const rowTooLong = (maxRowChars: number) =>
  new ApiError('invalid_data', `the stored file has a row longer than ${Math.round(maxRowChars / 1024 ** 2)} MB, too long to preview; the profile (columns and statistics) is available.`);

function previewDelimited(file: string, delimiter: string | undefined, offset: number, limit: number, maxRowChars: number): Promise<PreviewPage> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
    let header: string[] | null = null;
    const rows: (string | null)[][] = [];
    let index = 0;
    let hasMore = false;
    let settled = false;
    const guard = guardRowLength(stream, maxRowChars, () => index >= offset + limit);
    const finish = () => {
      if (settled) return;
      settled = true;
      stream.destroy();
      resolve({ columns: header ?? [], rows, offset, limit, hasMore });
    };
    stream.on('error', (error) => {
      if (!(error instanceof RowTooLong)) return reject(error);
      if (!error.afterFullPage) return reject(rowTooLong(maxRowChars));
      hasMore = true;
      finish();
    });
    Papa.parse<string[]>(stream as unknown as File, {
      delimiter: delimiter ?? '',
      skipEmptyLines: 'greedy',
      step(result, parser) {
        guard.rowEnded();
        const fields = result.data;
        if (!header) {
          header = fields.map((f, i) => (i === 0 ? f.replace(/^\ufeff/, '') : f));
          return;
        }
        if (index >= offset + limit) {
          hasMore = true;
          parser.abort();
          finish();
          return;
        }
        if (index >= offset) rows.push(header.map((_, i) => cellText(fields[i])));
        index++;
      },
      complete: finish,
      error: (error: Error) => reject(new ApiError('invalid_data', `the file cannot be read as CSV: ${error.message}`)),
    });
  });
}

async function previewJsonLines(file: string, offset: number, limit: number, maxRowChars: number): Promise<PreviewPage> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const records: Record<string, unknown>[] = [];
  let index = 0;
  let lineNumber = 0;
  let hasMore = false;
  const guard = guardRowLength(stream, maxRowChars, () => index >= offset + limit);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', guard.rowEnded);
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      if (index >= offset + limit) {
        hasMore = true;
        break;
      }
      if (index >= offset) records.push(parseRecord(line, lineNumber));
      index++;
    }
  } catch (error) {
    if (!(error instanceof RowTooLong)) throw error;
    if (!error.afterFullPage) throw rowTooLong(maxRowChars);
    hasMore = true;
  } finally {
    lines.close();
    stream.destroy();
  }
  return recordsPage(records, offset, limit, hasMore);
}

function parseRecord(line: string, lineNumber: number): Record<string, unknown> {
  try {
    const record = JSON.parse(line) as unknown;
    if (record !== null && typeof record === 'object' && !Array.isArray(record)) return record as Record<string, unknown>;
  } catch {
    // answered below, as for a line that is not a record
  }
  throw new ApiError('invalid_data', `line ${lineNumber} of the stored file is not a JSON record ({"column": value, …}); the profile says more.`);
}

function recordsPage(records: Record<string, unknown>[], offset: number, limit: number, hasMore: boolean): PreviewPage {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return { columns, rows: records.map((r) => columns.map((c) => cellText(r[c]))), offset, limit, hasMore };
}
