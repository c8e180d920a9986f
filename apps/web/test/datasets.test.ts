import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { saveDatasetProfile, updateDataset } from '@overture/db';
import { datasetPreviewPath, datasetThumbnailPath } from '@overture/jobs';
import { zipArchive } from '@overture/testing/xlsx';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

function upload(content: BlobPart, fileName: string, name?: string): FormData {
  const form = new FormData();
  if (name) form.append('name', name);
  form.append('file', new Blob([content], { type: 'text/csv' }), fileName);
  return form;
}

describe('datasets: uploads, preview, profile, deletion', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let other: Awaited<ReturnType<TestApp['user']>>;
  beforeAll(async () => {
    t = await startTestApp('datasets', { OVERTURE_MAX_UPLOAD_BYTES: '4096' });
    member = await t.user('member');
    other = await t.user('member');
  });
  afterAll(async () => { await t.close(); });

  it('streams an upload into DATA_DIR, answers 201 profiling and queues dataset.profile', async () => {
    const csv = 'a,b\n1,x\n2,y\n';
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(csv, 'small.csv', 'Small one') }), 201);
    expect(created.status).toBe('profiling');
    const detail = await expectJson(await t.call('GET', `/api/datasets/${created.id}`, { as: member.key }), 200);
    expect(detail).toMatchObject({ name: 'Small one', status: 'profiling', source: 'upload', format: 'csv', sizeBytes: csv.length, sourceDetails: { fileName: 'small.csv' }, columns: [] });
    expect(readFileSync(path.join(t.dataDir, 'datasets', `${created.id}.csv`), 'utf8')).toBe(csv);
    const jobs = await t.app.queues.datasets.getJobs(['waiting']);
    expect(jobs.map((j) => [j.name, j.data])).toEqual([['dataset.profile', { datasetId: created.id, requestId: expect.any(String) }]]);
  });

  it('refuses a file type the readers cannot read, keeping nothing', async () => {
    const body = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('GIF89a', 'cat.gif') }), 400);
    expect(body.error.message).toBe("'cat.gif' is not a data file we can read: upload .csv, .txt, .tsv, .tab, .json, .jsonl, .ndjson, .parquet, .pq, .xlsx, .zip.");
  });

  it('takes a zip of a table and its images as one dataset (the worker unpacks it), and refuses a .zip that is no archive or is empty', async () => {
    const archive = zipArchive([{ name: 'rows.csv', data: 'image_path,label\na.png,x\n' }, { name: 'a.png', data: 'png' }]);
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(new Uint8Array(archive), 'pictures.zip') }), 201);
    const detail = await expectJson(await t.call('GET', `/api/datasets/${created.id}`, { as: member.key }), 200);
    expect(detail).toMatchObject({ status: 'profiling', format: 'zip', sizeBytes: archive.length, sourceDetails: { fileName: 'pictures.zip' } });
    expect(readFileSync(path.join(t.dataDir, 'datasets', `${created.id}.zip`))).toEqual(archive);
    // Its rows are paged from the preview the profile job writes, as a workbook's are.
    await expectJson(await t.call('GET', `/api/datasets/${created.id}/rows`, { as: member.key }), 409);
    const text = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('a,b\n1,2\n', 'table.zip') }), 400);
    expect(text.error.message).toBe("'table.zip' is not a zip archive (a table and the image or audio files it names): its first bytes are not that format's signature. Upload the file in the format its name says.");
    const empty = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(new Uint8Array(zipArchive([])), 'none.zip') }), 400);
    expect(empty.error.message).toBe("'none.zip' is an empty zip archive: put the table and the image or audio files its rows name in it.");
  });

  it('calls a binary file given a text name not a CSV file, naming the uploaded file, keeping nothing', async () => {
    const before = readdirSync(path.join(t.dataDir, 'datasets')).length;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x22, 0x49]);
    const image = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(png, 'photo.csv') }), 400);
    expect(image.error.message).toBe("'photo.csv' is not a CSV file (comma-separated text): it looks like a PNG image. Save the data as UTF-8 CSV text and upload it again.");
    const blob = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(new Uint8Array([0x22, 0x61, 0, 0x01, 0x02, 0x22, 0x0a]), 'dump.tsv') }), 400);
    expect(blob.error.message).toBe("'dump.tsv' is not a TSV file (tab-separated text): it holds binary data (NUL bytes), as images, archives and UTF-16 text do. Save the data as UTF-8 CSV text and upload it again.");
    const parquet = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('a,b\n1,2\n', 'table.parquet') }), 400);
    expect(parquet.error.message).toBe("'table.parquet' is not a Parquet file: its first bytes are not that format's signature. Upload the file in the format its name says.");
    expect(readdirSync(path.join(t.dataDir, 'datasets')).length).toBe(before);
  });

  it('refuses a header-only or empty file with a message instead of a ready dataset of 0 rows', async () => {
    const header = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('name,age,label\n', 'people.csv') }), 400);
    expect(header.error.message).toBe("'people.csv' has a header but no rows: add at least one row of data under the header and upload it again.");
    const empty = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('', 'nothing.csv') }), 400);
    expect(empty.error.message).toBe("'nothing.csv' is empty.");
    const json = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('[ ]', 'rows.json') }), 400);
    expect(json.error.message).toBe("'rows.json' has no rows: it needs at least one record.");
    await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('name\nada\n', 'one.csv') }), 201);
  });

  it('answers 413 for a file over the upload limit, counting the bytes, and removes the partial file', async () => {
    const before = readdirSync(path.join(t.dataDir, 'datasets')).length;
    const big = `a\n${'1\n'.repeat(3000)}`;
    // A streamed body has no Content-Length: the limit is enforced by counting.
    const encoded = new Response(upload(big, 'big.csv'));
    const stream = encoded.body!;
    const type = encoded.headers.get('content-type')!;
    const body = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: stream, headers: { 'content-type': type } }), 413);
    expect(body.error).toEqual({ code: 'too_large', message: 'the file is larger than the upload limit of 4 KB (OVERTURE_MAX_UPLOAD_BYTES).' });
    expect(readdirSync(path.join(t.dataDir, 'datasets')).length).toBe(before);
  });

  it('answers 400 for a truncated upload and for a form without a file', async () => {
    const request = new Response(upload('a,b\n1,2\n', 'cut.csv'));
    const bytes = new Uint8Array(await request.arrayBuffer());
    const truncated = bytes.slice(0, bytes.length - 20);
    const cut = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: truncated, headers: { 'content-type': request.headers.get('content-type')! } }), 400);
    expect(cut.error.message).toMatch(/^the upload ended early or is malformed/);
    const form = new FormData();
    form.append('name', 'no file');
    const none = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: form }), 400);
    expect(none.error.message).toMatch(/no file in the upload/);
  });

  it('pages through the stored rows', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `${i},"v ${i}",${i % 2 ? '' : 'x'}`);
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(`id,text,maybe\n${rows.join('\n')}\n`, 'rows.csv') }), 201);
    const page = await expectJson(await t.call('GET', `/api/datasets/${created.id}/rows?offset=100&limit=3`, { as: member.key }), 200);
    expect(page).toEqual({ columns: ['id', 'text', 'maybe'], rows: [['100', 'v 100', 'x'], ['101', 'v 101', null], ['102', 'v 102', 'x']], offset: 100, limit: 3, hasMore: true, total: null });
    const last = await expectJson(await t.call('GET', `/api/datasets/${created.id}/rows?offset=118&limit=10`, { as: member.key }), 200);
    expect(last.rows.map((r: string[]) => r[0])).toEqual(['118', '119']);
    expect(last.hasMore).toBe(false);
  });

  it('pages an uploaded Parquet file from the preview its profile wrote, saying 409 until then', async () => {
    const n = 60;
    const parquet = parquetWriteBuffer({
      rowGroupSize: 25,
      columnData: [
        { name: 'id', data: Int32Array.from({ length: n }, (_, i) => i), type: 'INT32' },
        { name: 'city', data: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : `city ${i}`)), type: 'STRING' },
      ],
    });
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(new Uint8Array(parquet), 'cities.parquet') }), 201);
    const waiting = await expectJson(await t.call('GET', `/api/datasets/${created.id}/rows`, { as: member.key }), 409);
    expect(waiting.error).toEqual({ code: 'conflict', message: 'the preview is being prepared: the rows of this file are shown once profiling has finished.' });
    // What the worker's dataset.profile does: the rows as CSV in the store, then the profile (status ready).
    mkdirSync(path.join(t.dataDir, 'previews'), { recursive: true });
    writeFileSync(path.join(t.dataDir, datasetPreviewPath(created.id)), `id,city\n${Array.from({ length: n }, (_, i) => `${i},${i % 3 === 0 ? '' : `city ${i}`}`).join('\n')}\n`);
    await saveDatasetProfile(t.database.db, created.id, { rowCount: n, sampledRows: n, columns: [] });
    const page = await expectJson(await t.call('GET', `/api/datasets/${created.id}/rows?offset=48&limit=4`, { as: member.key }), 200);
    expect(page).toEqual({ columns: ['id', 'city'], rows: [['48', null], ['49', 'city 49'], ['50', 'city 50'], ['51', null]], offset: 48, limit: 4, hasMore: true, total: n });
    expect((await expectJson(await t.call('GET', `/api/datasets/${created.id}/rows?offset=50&limit=10`, { as: member.key }), 200)).hasMore).toBe(false);
    await expectJson(await t.call('DELETE', `/api/datasets/${created.id}`, { as: member.key }), 200);
    expect(existsSync(path.join(t.dataDir, datasetPreviewPath(created.id)))).toBe(false);
  });

  it('answers a workbook whose profiling failed with the reason, never reading the workbook in the web process', async () => {
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('PK\u0003\u0004 not really a workbook', 'broken.xlsx') }), 201);
    await expectJson(await t.call('GET', `/api/datasets/${created.id}/rows`, { as: member.key }), 409);
    await updateDataset(t.database.db, created.id, { status: 'failed', error: 'broken.xlsx: is not an Excel (.xlsx) workbook: it is not a readable zip archive (end of central directory record signature not found).' });
    const body = await expectJson(await t.call('GET', `/api/datasets/${created.id}/rows`, { as: member.key }), 400);
    expect(body.error).toEqual({ code: 'invalid_data', message: 'there is no preview: profiling this dataset failed (broken.xlsx: is not an Excel (.xlsx) workbook: it is not a readable zip archive (end of central directory record signature not found).).' });
  });

  it('shows the profile, lets the owner override a column type, and forbids other members', async () => {
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('n,label\n1,a\n2,b\n', 'p.csv') }), 201);
    await saveDatasetProfile(t.database.db, created.id, {
      rowCount: 2, sampledRows: 2, columns: [
        { name: 'n', inferredType: 'number', inferenceReason: 'numbers', rowCount: 2, missingCount: 0, missingRatio: 0, distinctCount: 2, topValues: [], numeric: { min: 1, max: 2, mean: 1.5, std: 0.5 }, histogram: null, averageWords: 1, idLike: false },
        { name: 'label', inferredType: 'binary', inferenceReason: 'two values', rowCount: 2, missingCount: 0, missingRatio: 0, distinctCount: 2, topValues: [{ value: 'a', count: 1 }, { value: 'b', count: 1 }], numeric: null, histogram: null, averageWords: 1, idLike: false },
      ],
    });
    const detail = await expectJson(await t.call('GET', `/api/datasets/${created.id}`, { as: other.key }), 200);
    expect(detail).toMatchObject({ status: 'ready', rowCount: 2, columns: [{ name: 'n', inferredType: 'number', missingRatio: 0, distinctCount: 2 }, { name: 'label', inferredType: 'binary' }] });
    const changed = await expectJson(await t.call('PATCH', `/api/datasets/${created.id}/columns/n`, { as: member.key, body: { type: 'category' } }), 200);
    expect(changed).toMatchObject({ name: 'n', inferredType: 'category', inferredBy: 'number' });
    await expectJson(await t.call('PATCH', `/api/datasets/${created.id}/columns/n`, { as: other.key, body: { type: 'number' } }), 403);
    const unknown = await expectJson(await t.call('PATCH', `/api/datasets/${created.id}/columns/n`, { as: member.key, body: { type: 'numbr' } }), 400);
    expect(unknown.error.message).toMatch(/^'numbr' is not a feature type/);
    const columns = await expectJson(await t.call('GET', `/api/datasets/${created.id}/columns`, { as: member.key }), 200);
    expect(columns.columns[0].stats).toMatchObject({ numeric: { mean: 1.5 } });
  });

  it('returns the token statistics of text columns, and null for profiles stored before them', async () => {
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('body,n\nhi there,1\n', 't.csv') }), 201);
    const text = {
      tokenizer: 'space_punct', lowercase: false, rows: 60, meanTokens: 15.5, maxTokens: 16, lengthHistogram: [{ start: 15, end: 15, count: 30 }, { start: 16, end: 16, count: 30 }],
      topTokens: [{ token: 'Ticket', count: 60 }], tokenDictionaryCapped: false, tokenCountError: 0, examples: ['Ticket 1: the printer is broken.'],
      maxSequenceLength: 256, truncatedRows: 0, truncatedRatio: 0,
    };
    const base = { inferenceReason: 'r', rowCount: 60, missingCount: 0, missingRatio: 0, distinctCount: 60, topValues: [], numeric: null, histogram: null, averageWords: 12, idLike: false };
    // `old` is stored as profiles were before text statistics existed: no `text` in its stats.
    await saveDatasetProfile(t.database.db, created.id, { rowCount: 60, sampledRows: 60, columns: [{ ...base, name: 'body', inferredType: 'text', text }, { ...base, name: 'old', inferredType: 'text' }] });
    const { columns } = await expectJson(await t.call('GET', `/api/datasets/${created.id}/columns`, { as: member.key }), 200);
    expect(columns[0]).toMatchObject({ name: 'body', inferredType: 'text', text });
    expect(columns[0].stats.text).toBeUndefined();
    expect(columns[1]).toMatchObject({ name: 'old', text: null });
    // A type override keeps the statistics.
    const changed = await expectJson(await t.call('PATCH', `/api/datasets/${created.id}/columns/body`, { as: member.key, body: { type: 'category' } }), 200);
    expect(changed).toMatchObject({ inferredType: 'category', inferredBy: 'text', text });
  });

  it("serves an image column's stored thumbnails to viewers, with its size statistics, and 404 past them", async () => {
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(new Uint8Array(zipArchive([{ name: 'rows.csv', data: 'picture,label\na.png,x\n' }])), 'pics.zip') }), 201);
    const image = { sampled: 2, unreadable: 1, sizes: [{ width: 8, height: 8, count: 1 }], channels: [{ channels: 1, count: 1 }], formats: [{ format: 'png', count: 1 }], thumbnails: 1 };
    const base = { inferenceReason: 'r', rowCount: 2, missingCount: 0, missingRatio: 0, distinctCount: 2, topValues: [], numeric: null, histogram: null, averageWords: 1, idLike: false };
    await saveDatasetProfile(t.database.db, created.id, { rowCount: 2, sampledRows: 2, columns: [{ ...base, name: 'label', inferredType: 'category' }, { ...base, name: 'picture', inferredType: 'image', image }] });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    mkdirSync(path.join(t.dataDir, 'previews', `${created.id}.thumbnails`), { recursive: true });
    writeFileSync(path.join(t.dataDir, datasetThumbnailPath(created.id, 1, 0)), png);
    const { columns } = await expectJson(await t.call('GET', `/api/datasets/${created.id}/columns`, { as: member.key }), 200);
    expect(columns.map((c: { name: string; image: unknown }) => [c.name, c.image])).toEqual([['label', null], ['picture', image]]);
    const answer = await t.call('GET', `/api/datasets/${created.id}/thumbnails/1/0`, { as: other.key });
    expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(png);
    await expectJson(await t.call('GET', `/api/datasets/${created.id}/thumbnails/1/1`, { as: member.key }), 404);
    await expectJson(await t.call('GET', `/api/datasets/${created.id}/thumbnails/0/0`, { as: member.key }), 404);
    await expectJson(await t.call('GET', `/api/datasets/${created.id}/thumbnails/1/x`, { as: member.key }), 400);
    // Deleting the dataset removes its thumbnails.
    await expectJson(await t.call('DELETE', `/api/datasets/${created.id}`, { as: member.key }), 200);
    expect(existsSync(path.join(t.dataDir, 'previews', `${created.id}.thumbnails`))).toBe(false);
  });

  it('says what a deletion takes, refuses other members, and removes the file', async () => {
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload('a\n1\n', 'del.csv') }), 201);
    await expectJson(await t.call('DELETE', `/api/datasets/${created.id}`, { as: other.key }), 403);
    const dry = await expectJson(await t.call('DELETE', `/api/datasets/${created.id}?dryRun=true`, { as: member.key }), 200);
    expect(dry).toEqual({ deleted: false, runs: 0, models: 0, files: 1, bytes: 4 });
    expect((await expectJson(await t.call('DELETE', `/api/datasets/${created.id}`, { as: member.key }), 200)).deleted).toBe(true);
    await expectJson(await t.call('GET', `/api/datasets/${created.id}`, { as: member.key }), 404);
    expect(readdirSync(path.join(t.dataDir, 'datasets'))).not.toContain(`${created.id}.csv`);
  });

  it("removes a dataset archive's unpacked folder with it", async () => {
    const created = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: upload(new Uint8Array(zipArchive([{ name: 'rows.csv', data: 'a\n1\n' }])), 'del.zip') }), 201);
    const unpacked = path.join(t.dataDir, 'datasets', `${created.id}.files`);
    mkdirSync(unpacked);
    writeFileSync(path.join(unpacked, 'rows.csv'), 'a\n1\n');
    expect((await expectJson(await t.call('DELETE', `/api/datasets/${created.id}`, { as: member.key }), 200)).deleted).toBe(true);
    expect(readdirSync(path.join(t.dataDir, 'datasets')).filter((f) => f.startsWith(created.id))).toEqual([]);
  });

  it('reports disk usage of the store', async () => {
    const usage = await expectJson(await t.call('GET', '/api/storage', { as: member.key }), 200);
    expect(usage.dataDir.datasets).toBeGreaterThan(0);
    expect(usage.recorded.datasetCount).toBeGreaterThan(0);
  });
});
