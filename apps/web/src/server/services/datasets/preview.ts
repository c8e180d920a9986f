import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import Papa from 'papaparse';
import { ApiError } from '../../errors';
import { cellText, type PreviewPage } from './preview-page';
import { previewParquet } from './preview-parquet';
import { previewXlsx } from './preview-xlsx';

export type { PreviewPage } from './preview-page';

/**
 * One page of a stored dataset's rows, read by streaming the file and stopping after the page (or,
 * for Parquet, reading only the row groups under it), so the first pages of a multi-gigabyte file
 * come back at once and memory stays flat. The web app never loads the trainer, so it reads with
 * the same parsing libraries as the worker's readers (papaparse, hyparquet, exceljs) and writes
 * cells as they do.
 */
export async function previewRows(file: string, format: string | null, offset: number, limit: number): Promise<PreviewPage> {
  switch (format) {
    case 'csv':
    case 'tsv':
      return previewDelimited(file, format === 'tsv' ? '\t' : undefined, offset, limit);
    case 'jsonl':
      return previewJsonLines(file, offset, limit);
    case 'json':
      return previewJson(file, offset, limit);
    case 'parquet':
      return previewParquet(file, offset, limit);
    case 'xlsx':
      return previewXlsx(file, offset, limit);
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

async function previewJson(file: string, offset: number, limit: number): Promise<PreviewPage> {
  const { size } = await fs.stat(file);
  if (size > 256 * 1024 * 1024) throw new ApiError('unsupported', 'a preview of JSON files over 256 MB is not available; JSON Lines files of any size are.');
  const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  const all = Array.isArray(parsed) ? parsed as Record<string, unknown>[] : [];
  return recordsPage(all.slice(offset, offset + limit), offset, limit, all.length > offset + limit);
}

function recordsPage(records: Record<string, unknown>[], offset: number, limit: number, hasMore: boolean): PreviewPage {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return { columns, rows: records.map((r) => columns.map((c) => cellText(r[c]))), offset, limit, hasMore };
}
