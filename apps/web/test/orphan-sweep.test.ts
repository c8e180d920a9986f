import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seedDataset, seedRun, toyConfig, toyCsv } from '@overture/testing';
import { zipArchive } from '@overture/testing/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOrphans } from '@/server/services/orphan-sweep';
import { expectJson, startTestApp, type TestApp } from './harness';

const HOUR = 3600_000;

describe('crash debris: uploads under a partial name, and the orphan sweep', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  beforeAll(async () => {
    t = await startTestApp('orphans');
    member = await t.user('member');
  });
  afterAll(async () => { await t.close(); });

  /** A file (or folder with a file) in DATA_DIR, last written `ageMs` ago. */
  function place(relative: string, ageMs: number, folder = false): string {
    const full = path.join(t.dataDir, relative);
    const file = folder ? path.join(full, 'import', 'model.onnx') : full;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'x');
    const at = new Date(Date.now() - ageMs);
    for (let p = file; p.startsWith(full); p = path.dirname(p)) utimesSync(p, at, at);
    return relative;
  }

  /** A multipart upload whose body arrives in two parts: `release` sends the rest, `abort` breaks it. */
  function slowUpload(fileName: string, content: string) {
    const boundary = 'sweepBoundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        c.enqueue(encoder.encode(head + content.slice(0, content.length / 2)));
      },
    });
    const response = t.call('POST', '/api/datasets', { as: member.key, raw: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    return {
      response,
      release() {
        controller.enqueue(encoder.encode(`${content.slice(content.length / 2)}\r\n--${boundary}--\r\n`));
        controller.close();
      },
      abort() { controller.error(new Error('client went away')); },
    };
  }
  const listing = (folder: string) => (existsSync(path.join(t.dataDir, folder)) ? readdirSync(path.join(t.dataDir, folder)) : []);
  const until = async (check: () => boolean) => { for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10)); };

  it('writes an upload under uploads/.partial-<id> and renames it into datasets/ only once it is whole', async () => {
    const csv = toyCsv(50);
    const upload = slowUpload('slow.csv', csv);
    await until(() => listing('uploads').some((n) => n.startsWith('.partial-')));
    const partial = listing('uploads').filter((n) => n.startsWith('.partial-'));
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatch(/^\.partial-[0-9a-f-]{36}\.csv$/);
    const datasetsBefore = listing('datasets');
    upload.release();
    const created = await expectJson(await upload.response, 201);
    expect(listing('uploads')).toEqual([]);
    expect(listing('datasets')).toEqual([...datasetsBefore, `${created.id}.csv`].sort());
  });

  it('removes the partial file when the client goes away mid-upload, and when the upload is refused', async () => {
    const before = listing('datasets');
    const upload = slowUpload('cut.csv', toyCsv(50));
    await until(() => listing('uploads').some((n) => n.startsWith('.partial-')));
    upload.abort();
    await expectJson(await upload.response, 400);
    expect(listing('uploads')).toEqual([]);
    const form = new FormData();
    form.append('file', new Blob(['']), 'empty.csv');
    await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: form }), 400);
    expect(listing('uploads')).toEqual([]);
    expect(listing('datasets')).toEqual(before);
  });

  it('sweeps old orphans (partial uploads, files and run folders no row names) and keeps live, young and foreign ones', async () => {
    const { db } = t.database;
    const dataset = await seedDataset(db, t.dataDir, toyCsv(10), 'live');
    const run = await seedRun(db, dataset, toyConfig());
    const uploaded = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: (() => { const f = new FormData(); f.append('file', new Blob([toyCsv(5)]), 'live.csv'); return f; })() }), 201);
    const liveUpload = `datasets/${uploaded.id}.csv`;
    utimesSync(path.join(t.dataDir, liveUpload), new Date(Date.now() - 5 * HOUR), new Date(Date.now() - 5 * HOUR));
    // A dataset archive: its unpacked folder belongs to the uploaded .zip.
    const archiveForm = new FormData();
    archiveForm.append('file', new Blob([new Uint8Array(zipArchive([{ name: 'rows.csv', data: toyCsv(5) }]))]), 'images.zip');
    const archive = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: archiveForm }), 201);
    utimesSync(path.join(t.dataDir, `datasets/${archive.id}.zip`), new Date(Date.now() - 5 * HOUR), new Date(Date.now() - 5 * HOUR));
    const orphan = {
      partialUpload: place(`uploads/.partial-${randomUUID()}.csv`, 2 * HOUR),
      importArchive: place(`uploads/${randomUUID()}.tar.gz`, 2 * HOUR),
      datasetFile: place(`datasets/${randomUUID()}.parquet`, 2 * HOUR),
      partialInDatasets: place(`datasets/.partial-${randomUUID()}.csv`, 2 * HOUR),
      runFolder: place(`runs/${randomUUID()}`, 2 * HOUR, true),
      workerPartial: place(`runs/${run.id}/predictions/.partial-${randomUUID()}.jsonl`, 2 * HOUR),
      orphanArchiveFolder: place(`datasets/${randomUUID()}.files`, 2 * HOUR, true),
      unpackingDied: place(`datasets/${archive.id}.files.partial-123-456`, 2 * HOUR, true),
    };
    const kept = {
      youngPartial: place(`uploads/.partial-${randomUUID()}.csv`, 10 * 60_000),
      youngDatasetFile: place(`datasets/${randomUUID()}.csv`, 10 * 60_000),
      youngImport: place(`runs/${randomUUID()}`, 10 * 60_000, true),
      liveRun: place(`runs/${run.id}`, 5 * HOUR, true),
      livePredictions: place(`runs/${run.id}/predictions/${randomUUID()}.jsonl`, 5 * HOUR),
      youngWorkerPartial: place(`runs/${run.id}/evaluations/.partial-${randomUUID()}.json`, 60_000),
      liveUpload,
      liveArchive: `datasets/${archive.id}.zip`,
      liveArchiveFolder: place(`datasets/${archive.id}.files`, 5 * HOUR, true),
      seeded: dataset.storagePath,
      foreignFile: place('datasets/notes.txt', 5 * HOUR),
      foreignFolder: place('runs/keep-me', 5 * HOUR, true),
    };
    // An old run folder with one file written a minute ago: an import still unpacking.
    const busy = place(`runs/${randomUUID()}`, 2 * HOUR, true);
    writeFileSync(path.join(t.dataDir, busy, 'import', 'fresh.json'), '{}');

    const log: string[] = [];
    const removed = await sweepOrphans(db, { dataDir: t.dataDir, graceMs: HOUR }, (m) => log.push(m));
    expect(removed.sort()).toEqual(Object.values(orphan).sort());
    for (const file of Object.values(orphan)) expect(existsSync(path.join(t.dataDir, file))).toBe(false);
    for (const file of [...Object.values(kept), busy]) expect(existsSync(path.join(t.dataDir, file))).toBe(true);
    expect(log).toContain(`orphan sweep: removed ${orphan.runFolder} (nothing refers to it and it is older than 60 min)`);
    expect(log).toHaveLength(Object.keys(orphan).length);
    expect(await sweepOrphans(db, { dataDir: t.dataDir, graceMs: HOUR }, () => undefined)).toEqual([]);
    await expectJson(await t.call('GET', `/api/datasets/${uploaded.id}/rows?limit=2`, { as: member.key }), 200);
  });
});
