import { createReadStream, promises as fs } from 'node:fs';
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
  return previewDelimited(preview, ',', offset, limit);
}

/**
 * One page of a delimited or JSON Lines file, read by streaming it and stopping after the page,
 * so the first pages of a multi-gigabyte file come back at once and memory stays flat. The web
 * app never loads the trainer, so it reads with papaparse as the worker's readers do and writes
 * cells as they do.
 */
export async function previewRows(file: string, format: string | null, offset: number, limit: number): Promise<PreviewPage> {
  switch (format) {
    case 'csv':
    case 'tsv':
      return previewDelimited(file, format === 'tsv' ? '\t' : undefined, offset, limit);
    case 'jsonl':
      return previewJsonLines(file, offset, limit);
    default:
      throw new ApiError('unsupported', `a preview of ${format ?? 'this'} files is not available; the profile (columns and statistics) is.`);
  }
}

function previewDelimited(file: string, delimiter: string | undefined, offset: number, limit: number): Promise<PreviewPage> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
    let header: string[] | null = null;
    const rows: (string | null)[][] = [];
    let index = 0;
    let hasMore = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      stream.destroy();
      resolve({ columns: header ?? [], rows, offset, limit, hasMore });
    };
    stream.on('error', reject);
    Papa.parse<string[]>(stream as unknown as File, {
      delimiter: delimiter ?? '',
      skipEmptyLines: 'greedy',
      step(result, parser) {
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

async function previewJsonLines(file: string, offset: number, limit: number): Promise<PreviewPage> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const records: Record<string, unknown>[] = [];
  let index = 0;
  let hasMore = false;
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      if (index >= offset + limit) {
        hasMore = true;
        break;
      }
      if (index >= offset) records.push(JSON.parse(line) as Record<string, unknown>);
      index++;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return recordsPage(records, offset, limit, hasMore);
}

function recordsPage(records: Record<string, unknown>[], offset: number, limit: number, hasMore: boolean): PreviewPage {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return { columns, rows: records.map((r) => columns.map((c) => cellText(r[c]))), offset, limit, hasMore };
}
