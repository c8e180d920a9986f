import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../errors';
import { previewRows } from './preview';

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

describe('preview of a Parquet file', () => {
  const file = path.join(dir, 'events.parquet');
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000);
  // 250 rows in row groups of 100, 100 and 50.
  beforeAll(() => {
    const n = 250;
    const buffer = parquetWriteBuffer({
      rowGroupSize: 100,
      columnData: [
        { name: 'id', data: Int32Array.from({ length: n }, (_, i) => i), type: 'INT32' },
        { name: 'name', data: Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : `name ${i}`)), type: 'STRING' },
        { name: 'score', data: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : i / 4)), type: 'DOUBLE' },
        { name: 'big', data: Array.from({ length: n }, (_, i) => BigInt(i) * 10_000_000_000n), type: 'INT64' },
        { name: 'seen', data: Array.from({ length: n }, (_, i) => day(i)), type: 'TIMESTAMP' },
        { name: 'ok', data: Array.from({ length: n }, (_, i) => i % 2 === 0), type: 'BOOLEAN' },
      ],
    });
    writeFileSync(file, new Uint8Array(buffer));
    expect(parquetMetadata(buffer).row_groups.map((g) => Number(g.num_rows))).toEqual([100, 100, 50]);
  });

  const row = (i: number) => [String(i), i % 7 === 3 ? null : `name ${i}`, i % 5 === 0 ? null : String(i / 4), (BigInt(i) * 10_000_000_000n).toString(), day(i).toISOString(), i % 2 === 0 ? 'true' : 'false'];

  it('gives the first page with the columns, cells as text and nulls for missing values', async () => {
    const page = await previewRows(file, 'parquet', 0, 4);
    expect(page).toEqual({ columns: ['id', 'name', 'score', 'big', 'seen', 'ok'], rows: [0, 1, 2, 3].map(row), offset: 0, limit: 4, hasMore: true });
    expect(page.rows[3]).toEqual(['3', null, '0.75', '30000000000', '2024-01-04T00:00:00.000Z', 'false']);
  });

  it('gives a page that spans two row groups deep inside the file', async () => {
    const page = await previewRows(file, 'parquet', 195, 10);
    expect(page.rows.map((r) => r[0])).toEqual(['195', '196', '197', '198', '199', '200', '201', '202', '203', '204']);
    expect(page.rows).toEqual(Array.from({ length: 10 }, (_, i) => row(195 + i)));
    expect(page.hasMore).toBe(true);
  });

  it('says there is nothing more on the last page and past the end', async () => {
    expect(await previewRows(file, 'parquet', 240, 10)).toMatchObject({ hasMore: false });
    const last = await previewRows(file, 'parquet', 245, 10);
    expect(last.rows.map((r) => r[0])).toEqual(['245', '246', '247', '248', '249']);
    expect(last.hasMore).toBe(false);
    expect(await previewRows(file, 'parquet', 900, 10)).toEqual({ columns: ['id', 'name', 'score', 'big', 'seen', 'ok'], rows: [], offset: 900, limit: 10, hasMore: false });
  });

  it('reads only the row groups under the page: a damaged first row group spoils page 1, not page 9', async () => {
    const damaged = path.join(dir, 'damaged.parquet');
    const bytes = readFileSync(file);
    writeFileSync(damaged, bytes);
    const first = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).row_groups[0];
    const fd = openSync(damaged, 'r+');
    for (const chunk of first.columns) {
      const meta = chunk.meta_data!;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      writeSync(fd, Buffer.alloc(Number(meta.total_compressed_size), 0xff), 0, Number(meta.total_compressed_size), start);
    }
    closeSync(fd);
    expect((await previewRows(damaged, 'parquet', 200, 3)).rows.map((r) => r[0])).toEqual(['200', '201', '202']);
    const error = await failure(previewRows(damaged, 'parquet', 0, 3));
    expect(error.code).toBe('invalid_data');
    expect(error.message).toMatch(/^the stored file is not a readable Parquet file \(.+\); upload it again/);
  });

  it('answers a clear error for a file that is not Parquet', async () => {
    const bad = path.join(dir, 'not.parquet');
    writeFileSync(bad, 'id,name\n1,a\n');
    const error = await failure(previewRows(bad, 'parquet', 0, 10));
    expect(error.code).toBe('invalid_data');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^the stored file is not a readable Parquet file \(.*\); upload it again, or export it anew from its source\.$/);
  });
});

describe('preview of an Excel workbook', () => {
  const file = path.join(dir, 'people.xlsx');
  const joined = (i: number) => new Date(Date.UTC(2023, 5, 1 + i));
  // A title-less sheet: the header row, then 120 people; every 4th has no age, every 10th no join
  // date, one blank row in the middle (skipped), a formula, rich text, and a second sheet.
  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('people');
    sheet.addRow(['id', 'name', 'age', 'joined', 'double', '', 'note']);
    for (let i = 0; i < 120; i++) {
      if (i === 60) sheet.addRow([]);
      sheet.addRow([i, `person ${i}`, i % 4 === 1 ? null : 20 + i / 2, i % 10 === 0 ? null : joined(i), { formula: `A${sheet.rowCount + 1}*2+1`, result: i * 2 + 1 }, null, i === 2 ? { richText: [{ text: 'bold ' }, { text: 'move' }] } : undefined]);
    }
    workbook.addWorksheet('other').addRow(['not', 'this']);
    await workbook.xlsx.writeFile(file);
  });

  const row = (i: number) => [String(i), `person ${i}`, i % 4 === 1 ? null : String(20 + i / 2), i % 10 === 0 ? null : joined(i).toISOString(), String(i * 2 + 1), null, i === 2 ? 'bold move' : null];

  it('gives the first page under the header row, with blank cells as null and dates in ISO', async () => {
    const page = await previewRows(file, 'xlsx', 0, 3);
    expect(page).toEqual({ columns: ['id', 'name', 'age', 'joined', 'double', 'Unnamed: 5', 'note'], rows: [0, 1, 2].map(row), offset: 0, limit: 3, hasMore: true });
    expect(page.rows[1]).toEqual(['1', 'person 1', null, '2023-06-02T00:00:00.000Z', '3', null, null]);
  });

  it('gives a page deep inside, skipping the blank row', async () => {
    const page = await previewRows(file, 'xlsx', 58, 4);
    expect(page.rows).toEqual([58, 59, 60, 61].map(row));
    expect(page.hasMore).toBe(true);
  });

  it('says there is nothing more on the last page and past the end', async () => {
    const exact = await previewRows(file, 'xlsx', 117, 3);
    expect(exact.rows.map((r) => r[0])).toEqual(['117', '118', '119']);
    expect(exact.hasMore).toBe(false);
    expect((await previewRows(file, 'xlsx', 116, 3)).hasMore).toBe(true);
    expect(await previewRows(file, 'xlsx', 500, 10)).toMatchObject({ rows: [], hasMore: false });
  });

  it('closes every file it opened, also when it stops after a page of a big sheet', async () => {
    const big = path.join(dir, 'big.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('big');
    sheet.addRow(['id', 'text', 'value']);
    for (let i = 0; i < 30_000; i++) sheet.addRow([i, `row number ${i} of the big sheet`, Math.sin(i)]);
    await workbook.xlsx.writeFile(big);
    for (let i = 0; i < 3; i++) expect((await previewRows(big, 'xlsx', i * 100, 5)).rows[0][0]).toBe(String(i * 100));
    await new Promise((resolve) => setTimeout(resolve, 50)); // a destroyed stream closes its descriptor on the next turns
    expect(openOn(big)).toBe(0);
  });

  it('answers a clear error for a corrupt, truncated or sheet-less workbook', async () => {
    const garbage = path.join(dir, 'garbage.xlsx');
    writeFileSync(garbage, Buffer.from('this is not a zip archive at all, just some text that goes on for a while'.repeat(4)));
    const notZip = await failure(previewRows(garbage, 'xlsx', 0, 10));
    expect(notZip.code).toBe('invalid_data');
    expect(notZip.message).toMatch(/^the stored file is not a readable Excel \(\.xlsx\) workbook \(it is not a zip archive: .+\); upload it again, saved from Excel as \.xlsx\.$/);

    const truncated = path.join(dir, 'truncated.xlsx');
    const bytes = readFileSync(file);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await failure(previewRows(truncated, 'xlsx', 0, 10))).message).toMatch(/^the stored file is not a readable Excel \(\.xlsx\) workbook/);

    const empty = path.join(dir, 'empty.xlsx');
    writeFileSync(empty, '');
    expect((await failure(previewRows(empty, 'xlsx', 0, 10))).message).toBe('the stored file is empty: it is not an Excel workbook.');

    const blank = path.join(dir, 'blank.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('nothing');
    await workbook.xlsx.writeFile(blank);
    expect((await failure(previewRows(blank, 'xlsx', 0, 10))).message).toBe('the first worksheet of the stored workbook is empty: it has no header row.');
  });
});

describe('preview of other formats', () => {
  it('refuses a format it does not know, in words', async () => {
    const error = await failure(previewRows(path.join(dir, 'x.bin'), 'avro', 0, 10));
    expect(error.message).toBe('a preview of avro files is not available; the profile (columns and statistics) is.');
  });
});
