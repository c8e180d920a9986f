import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataset, getDataset, getDatasetColumns, type Dataset } from '@overture/db';
import { datasetPreviewPath, enqueue } from '@overture/jobs';
import { seedDataset, toyCsv, waitFor } from '@overture/testing';
import { repeatDeflated, xlsxWorkbook } from '@overture/testing/xlsx';
import { createPlatform, type Platform } from './test/platform.js';
import type { WorkerProcess } from './test/worker-process.js';

/** dataset.profile on workbooks and Parquet: the preview the web pages, and bombs that fail in words. */
describe('profiling dataset files', () => {
  let platform: Platform;
  let worker: WorkerProcess;
  // The worker's own temp dir: whatever a reader would leave behind (exceljs copied sheets there) shows up here.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'overture-worker-tmp-'));
  beforeAll(async () => {
    platform = await createPlatform('dataset-files');
    worker = await platform.startWorker({ TMPDIR: tmp, OVERTURE_MAX_CELLS: '2000', OVERTURE_PREVIEW_ROWS: '100' });
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function stored(name: string, format: string, bytes: Uint8Array, uploadedAs?: string): Promise<Dataset> {
    mkdirSync(path.join(platform.dataDir, 'datasets'), { recursive: true });
    const storagePath = `datasets/${name}`;
    writeFileSync(path.join(platform.dataDir, storagePath), bytes);
    return createDataset(platform.database.db, { name: uploadedAs ?? name, source: 'upload', storagePath, format, sizeBytes: bytes.length, status: 'profiling', ...(uploadedAs ? { sourceDetails: { fileName: uploadedAs } } : {}) });
  }

  async function profiled(dataset: Dataset): Promise<Dataset> {
    await enqueue(platform.queues, 'dataset.profile', { datasetId: dataset.id });
    return waitFor(`the profile of ${dataset.name}`, async () => {
      const row = await getDataset(platform.database.db, dataset.id);
      return row && (row.status === 'ready' || row.status === 'failed') ? row : null;
    }, 60_000, 100);
  }

  it('profiles an .xlsx workbook and writes the rows as the CSV the web pages, capped at OVERTURE_PREVIEW_ROWS', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`visitor ${i}`, i % 9, new Date(Date.UTC(2026, 0, 1 + i)), i % 3 === 0 ? null : 'say "hi", then go']);
    const dataset = await profiled(await stored('visits.xlsx', 'xlsx', xlsxWorkbook([{ name: 'visits', rows: [['visitor', 'pages', 'first visit', 'note'], ...rows] }])));
    expect([dataset.status, dataset.error, dataset.rowCount]).toEqual(['ready', null, 150]);
    expect((await getDatasetColumns(platform.database.db, dataset.id)).map((c) => c.name)).toEqual(['visitor', 'pages', 'first visit', 'note']);
    const preview = readFileSync(path.join(platform.dataDir, datasetPreviewPath(dataset.id)), 'utf8').split('\n');
    expect(preview.slice(0, 3)).toEqual(['visitor,pages,first visit,note', 'visitor 0,0,2026-01-01T00:00:00.000Z,', 'visitor 1,1,2026-01-02T00:00:00.000Z,"say ""hi"", then go"']);
    expect(preview).toHaveLength(1 + 100 + 1); // header, OVERTURE_PREVIEW_ROWS rows, the final newline
  });

  it('names the uploaded file in a profiling error, not the stored copy, and fails a file with a header and no rows', async () => {
    const id = '7d0c1f52-3b7e-4c43-9a51-2f0e8d7c6b1a';
    const broken = await profiled(await stored(`${id}.csv`, 'csv', new TextEncoder().encode('a,b\n1,"open\n'), 'survey.csv'));
    expect(broken.status).toBe('failed');
    expect(broken.error).toContain('survey.csv');
    expect(broken.error).not.toContain(id);
    const header = await profiled(await stored('b1e2c3d4-0000-4000-8000-000000000001.csv', 'csv', new TextEncoder().encode('name,age\n'), 'people.csv'));
    expect([header.status, header.error]).toEqual(['failed', 'people.csv has a header but no rows: add at least one row of data and upload it again.']);
  });

  it('fails each bomb with the limit it broke and its variable, leaving no file behind, and goes on serving', async () => {
    const sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
    const strings = repeatDeflated(sst, `<si><t>${'a'.repeat(30_000)}</t></si>`, 40_000, '</sst>');
    const sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>';
    const book = (parts: Parameters<typeof xlsxWorkbook>[1]) => xlsxWorkbook([{ name: 'data', rows: [['text'], ['a']] }], parts);
    const whole = book({});
    const parquet = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'n', data: Int32Array.from({ length: 5000 }, (_, i) => i), type: 'INT32' }] }));
    const cases: [string, string, Uint8Array, RegExp][] = [
      ['strings.xlsx', 'xlsx', book({ parts: [{ name: 'xl/sharedStrings.xml', deflated: strings }] }), /^strings\.xlsx: 'xl\/sharedStrings\.xml' declares 1,145 MB when decompressed, over the limit of 1 GB \(OVERTURE_MAX_UNPACKED_BYTES\)/],
      ['liar.xlsx', 'xlsx', book({ parts: [{ name: 'xl/sharedStrings.xml', deflated: strings, declaredSize: 4096 }] }), /^liar\.xlsx: has a damaged part 'xl\/sharedStrings\.xml' \(too many bytes in the stream/],
      ['padded.xlsx', 'xlsx', book({ parts: [{ name: 'xl/worksheets/sheet1.xml', deflated: repeatDeflated(sheet, ' '.repeat(65_536), 320, '</sheetData></worksheet>') }] }), /\(OVERTURE_MAX_UNPACK_RATIO\)/],
      ['wide.xlsx', 'xlsx', xlsxWorkbook([{ name: 'data', rows: Array.from({ length: 300 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === 0 ? `c${c}` : r * c))) }]), /^wide\.xlsx: its first sheet has more than 200 rows of 10 columns, over the limit of 2,000 \(OVERTURE_MAX_CELLS\)/],
      ['cut.xlsx', 'xlsx', whole.subarray(0, whole.length - 30), /^cut\.xlsx: is not an Excel \(\.xlsx\) workbook: it is not a readable zip archive/],
      ['many.parquet', 'parquet', parquet, /^many\.parquet: declares 5,000 rows of 1 columns, over the limit of 2,000 \(OVERTURE_MAX_CELLS\)/],
    ];
    for (const [name, format, bytes, message] of cases) {
      const dataset = await profiled(await stored(name, format, bytes));
      expect(dataset.status, name).toBe('failed');
      expect(dataset.error, name).toMatch(message);
    }
    // The worker is alive and profiles the next dataset.
    expect(worker.child.exitCode).toBeNull();
    const next = await seedDataset(platform.database.db, platform.dataDir, toyCsv(50), 'after the bombs');
    await enqueue(platform.queues, 'dataset.profile', { datasetId: next.id });
    await waitFor('the profile after the bombs', async () => (await getDataset(platform.database.db, next.id))?.rowCount === 50, 60_000);
    expect(readdirSync(tmp).filter((name) => !name.startsWith('tsx-'))).toEqual([]); // tsx-*: the TypeScript loader's cache, tests only
    expect(readdirSync(path.join(platform.dataDir, 'previews'))).toHaveLength(1); // only the good workbook's
  });
});
