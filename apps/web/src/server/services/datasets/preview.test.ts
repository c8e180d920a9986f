import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Dataset } from '@overture/db';
import { datasetPreviewPath } from '@overture/jobs';
import { repeatDeflated, xlsxWorkbook } from '@overture/testing/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../errors';
import { datasetRows, previewRows } from './preview';

const dir = mkdtempSync(path.join(tmpdir(), 'overture-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Descriptors of this process open on the file. */
function openOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // closed while we looked
    }
  }).length;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('preview of a workbook, Parquet or JSON dataset: the CSV the profile job wrote, never the file', () => {
  const dataset = (id: string, format: string, status: Dataset['status'], error: string | null = null) =>
    ({ id, format, status, error, storagePath: `datasets/${id}.${format}` }) as Dataset;
  const id = '00000000-0000-4000-8000-000000000001';
  // The stored workbook is a shared-strings bomb (1.2 GB of strings in 3 MB): paging must not open it.
  const bomb = xlsxWorkbook([{ name: 'data', rows: [['text']] }], {
    parts: [{ name: 'xl/sharedStrings.xml', deflated: repeatDeflated('<sst>', `<si><t>${'a'.repeat(30_000)}</t></si>`, 40_000, '</sst>'), declaredSize: 4096 }],
  });
  mkdirSync(path.join(dir, 'datasets'), { recursive: true });
  mkdirSync(path.join(dir, 'previews'), { recursive: true });
  writeFileSync(path.join(dir, 'datasets', `${id}.xlsx`), bomb);
  const rows = Array.from({ length: 60 }, (_, i) => `${i},"person ${i}",${i % 4 === 1 ? '' : 20 + i / 2},"a, ""quoted""\nnote"`);
  writeFileSync(path.join(dir, datasetPreviewPath(id)), `id,name,age,note\n${rows.join('\n')}\n`);

  it('pages the stored preview: columns, cells as text, nulls for blanks, quoted commas and line breaks', async () => {
    const page = await datasetRows(dir, dataset(id, 'xlsx', 'ready'), 0, 2);
    expect(page).toEqual({
      columns: ['id', 'name', 'age', 'note'],
      rows: [['0', 'person 0', '20', 'a, "quoted"\nnote'], ['1', 'person 1', null, 'a, "quoted"\nnote']],
      offset: 0, limit: 2, hasMore: true,
    });
    expect((await datasetRows(dir, dataset(id, 'xlsx', 'ready'), 55, 10)).rows.map((r) => r[0])).toEqual(['55', '56', '57', '58', '59']);
    expect((await datasetRows(dir, dataset(id, 'parquet', 'ready'), 58, 2)).hasMore).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openOn(path.join(dir, 'datasets', `${id}.xlsx`))).toBe(0);
    expect(openOn(path.join(dir, datasetPreviewPath(id)))).toBe(0);
  });

  it('says the preview is being prepared while the dataset profiles (409), and why there is none when profiling failed (400)', async () => {
    for (const status of ['uploading', 'profiling'] as const) {
      const error = await failure(datasetRows(dir, dataset(id, 'xlsx', status), 0, 10));
      expect([error.status, error.message]).toEqual([409, 'the preview is being prepared: the rows of this file are shown once profiling has finished.']);
    }
    const failed = await failure(datasetRows(dir, dataset(id, 'xlsx', 'failed', "bomb.xlsx: 'xl/sharedStrings.xml' declares 1,145 MB when decompressed, over the limit of 1 GB (OVERTURE_MAX_UNPACKED_BYTES)."), 0, 10));
    expect(failed.status).toBe(400);
    expect(failed.message).toBe("there is no preview: profiling this dataset failed (bomb.xlsx: 'xl/sharedStrings.xml' declares 1,145 MB when decompressed, over the limit of 1 GB (OVERTURE_MAX_UNPACKED_BYTES).).");
  });

  it('answers 409 in words for a dataset profiled before previews were stored', async () => {
    const old = '00000000-0000-4000-8000-000000000002';
    writeFileSync(path.join(dir, 'datasets', `${old}.json`), '[{"a": 1}]');
    const error = await failure(datasetRows(dir, dataset(old, 'json', 'ready'), 0, 10));
    expect([error.status, error.message]).toEqual([409, 'this dataset was profiled before previews were stored, so there is no preview of its rows; upload the file again to see them.']);
  });

  it('pages CSV and JSON Lines datasets from the stored file itself', async () => {
    const csv = '00000000-0000-4000-8000-000000000003';
    writeFileSync(path.join(dir, 'datasets', `${csv}.csv`), 'a;b\n1;x\n2;\n');
    expect(await datasetRows(dir, dataset(csv, 'csv', 'profiling'), 0, 10)).toEqual({ columns: ['a', 'b'], rows: [['1', 'x'], ['2', null]], offset: 0, limit: 10, hasMore: false });
    const lines = '00000000-0000-4000-8000-000000000004';
    writeFileSync(path.join(dir, 'datasets', `${lines}.jsonl`), '{"a":1}\n{"a":2,"b":true}\n');
    expect((await datasetRows(dir, dataset(lines, 'jsonl', 'ready'), 1, 10)).rows).toEqual([['2', 'true']]);
  });
});

describe('preview of CSV and JSON Lines files', () => {
  it('stops with a 400 in words at a row longer than the cap, instead of holding it whole', async () => {
    const csv = path.join(dir, 'one-line.csv');
    writeFileSync(csv, `a,b\n1,2\n${'x'.repeat(3_000_000)}`);
    expect((await previewRows(csv, 'csv', 0, 1, 1_000_000)).rows).toEqual([['1', '2']]);
    const error = await failure(previewRows(csv, 'csv', 0, 10, 1_000_000));
    expect([error.status, error.message]).toEqual([400, 'the stored file has a row longer than 1 MB, too long to preview; the profile (columns and statistics) is available.']);
    const quoted = path.join(dir, 'quoted.csv');
    writeFileSync(quoted, `a,b\n1,"${'line\n'.repeat(400_000)}"\n`);
    expect((await failure(previewRows(quoted, 'csv', 0, 10, 1_000_000))).message).toMatch(/^the stored file has a row longer than 1 MB/);
    const lines = path.join(dir, 'long.jsonl');
    writeFileSync(lines, `{"a":1}\n{"a":"${'y'.repeat(3_000_000)}"}\n`);
    expect((await failure(previewRows(lines, 'jsonl', 0, 10, 1_000_000))).message).toMatch(/^the stored file has a row longer than 1 MB/);
    // Many short rows are never "one long row".
    const many = path.join(dir, 'many.csv');
    writeFileSync(many, `n\n${Array.from({ length: 300_000 }, (_, i) => i).join('\n')}\n`);
    expect((await previewRows(many, 'csv', 299_990, 20, 1_000_000)).rows.map((r) => r[0])).toEqual(['299990', '299991', '299992', '299993', '299994', '299995', '299996', '299997', '299998', '299999']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const file of [csv, quoted, lines, many]) expect(openOn(file)).toBe(0);
  });

  it('answers a JSON Lines line that is not a record with its line number', async () => {
    const lines = path.join(dir, 'bad.jsonl');
    writeFileSync(lines, '{"a":1}\n\n{"a":\n');
    const error = await failure(previewRows(lines, 'jsonl', 0, 10));
    expect([error.status, error.message]).toEqual([400, 'line 3 of the stored file is not a JSON record ({"column": value, …}); the profile says more.']);
  });
});

describe('preview of other formats', () => {
  it('refuses a format it does not know, in words', async () => {
    const error = await failure(previewRows(path.join(dir, 'x.bin'), 'avro', 0, 10));
    expect(error.message).toBe('a preview of avro files is not available; the profile (columns and statistics) is.');
    // Workbooks, Parquet and JSON are not read by the web at all.
    expect((await failure(previewRows(path.join(dir, 'x.xlsx'), 'xlsx', 0, 10))).message).toBe('a preview of xlsx files is not available; the profile (columns and statistics) is.');
  });
});
