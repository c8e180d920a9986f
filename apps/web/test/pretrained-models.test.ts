import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipArchive } from '@overture/testing/xlsx';
import { expectJson, startTestApp, type TestApp } from './harness';

const tinyBert = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures/pretrained-reviews/model/pretrained/tiny-bert');

/** The files of a folder as zip entries, under `prefix`. */
function entriesOf(folder: string, prefix = ''): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...entriesOf(full, `${prefix}${entry.name}/`));
    else out.push({ name: `${prefix}${entry.name}`, data: readFileSync(full) });
  }
  return out;
}

function upload(content: Uint8Array, fileName: string, name?: string): FormData {
  const data = new FormData();
  if (name !== undefined) data.append('name', name);
  data.append('file', new Blob([new Uint8Array(content)]), fileName);
  return data;
}

describe('pretrained models under the platform models root', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['user']>>;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let exported: string;

  beforeAll(async () => {
    t = await startTestApp('pretrained');
    admin = await t.user('admin');
    member = await t.user('member');
    // The tiny test export (hidden size 16) a committed fixture bundle carries.
    exported = mkdtempSync(path.join(tmpdir(), 'overture-tiny-bert-'));
    cpSync(tinyBert, exported, { recursive: true });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(exported, { recursive: true, force: true });
  });

  it('lists nothing under an empty root (DATA_DIR/models by default), then an uploaded zip with its size, hidden size and files, loading', async () => {
    const empty = await expectJson(await t.call('GET', '/api/pretrained-models', { as: member.key }), 200);
    expect(empty).toEqual({ root: path.join(t.dataDir, 'models'), models: [] });

    // Zipped as `zip -r tiny-bert.zip tiny-bert/`: the top folder is taken off.
    const zip = zipArchive(entriesOf(exported, 'tiny-bert/'));
    const created = await expectJson(await t.call('POST', '/api/pretrained-models', { as: admin.key, raw: upload(zip, 'tiny-bert.zip', 'org/tiny-bert') }), 201);
    expect(created).toMatchObject({ name: 'org/tiny-bert', inputType: 'text', hiddenSize: 16, modelType: 'bert', missing: [], status: 'ok', problem: null });
    expect(created.present).toEqual(['onnx/model.onnx (or model.onnx)', 'tokenizer.json', 'config.json']);
    expect(existsSync(path.join(t.dataDir, 'models', 'org', 'tiny-bert', 'onnx', 'model.onnx'))).toBe(true);
    const bytes = entriesOf(exported).reduce((sum, e) => sum + e.data.length, 0);
    expect(created.sizeBytes).toBe(bytes);

    const listed = await expectJson(await t.call('GET', '/api/pretrained-models', { as: member.key }), 200);
    expect(listed.models).toEqual([created]);
    // The same name again is a conflict, not an overwrite.
    const again = await expectJson(await t.call('POST', '/api/pretrained-models', { as: admin.key, raw: upload(zip, 'tiny-bert.zip', 'org/tiny-bert') }), 409);
    expect(again.error.message).toContain("a pretrained model named 'org/tiny-bert' is already under the models root");
  });

  it('refuses a zip with an entry escaping the folder, a name escaping the root, a zip without the model files and a non-zip, leaving nothing behind', async () => {
    const escaping = zipArchive([...entriesOf(exported), { name: '../../evil.txt', data: Buffer.from('x') }]);
    const refused = await expectJson(await t.call('POST', '/api/pretrained-models', { as: admin.key, raw: upload(escaping, 'evil.zip', 'evil') }), 400);
    // yauzl refuses the directory before any entry is read.
    expect(refused.error.message).toBe('evil.zip: is not a pretrained model archive (a .zip of a folder with onnx/model.onnx, tokenizer.json and config.json): its zip directory is damaged (invalid relative path: ../../evil.txt).');
    expect(existsSync(path.join(t.dataDir, 'evil.txt'))).toBe(false);

    const zip = zipArchive(entriesOf(exported));
    for (const name of ['../outside', '/etc/x', 'a/b/c', '..']) {
      const bad = await expectJson(await t.call('POST', '/api/pretrained-models', { as: admin.key, raw: upload(zip, 'm.zip', name) }), 400);
      expect(bad.error.message).toContain(`'${name}' is not a pretrained model name`);
    }
    const partial = zipArchive(entriesOf(exported).filter((e) => e.name !== 'tokenizer.json'));
    const lacking = await expectJson(await t.call('POST', '/api/pretrained-models', { as: admin.key, raw: upload(partial, 'half.zip') }), 400);
    expect(lacking.error.message).toBe('half.zip is not a pretrained model folder: it lacks tokenizer.json. Zip the folder optimum-cli export onnx --task feature-extraction writes (onnx/model.onnx or model.onnx, tokenizer.json, config.json).');
    const notZip = await expectJson(await t.call('POST', '/api/pretrained-models', { as: admin.key, raw: upload(new Uint8Array([1, 2, 3]), 'model.onnx') }), 400);
    expect(notZip.error.message).toContain("'model.onnx' is not a .zip");

    const listed = await expectJson(await t.call('GET', '/api/pretrained-models', { as: admin.key }), 200);
    expect(listed.models.map((m: { name: string }) => m.name)).toEqual(['org/tiny-bert']);
    expect(readdirSync(path.join(t.dataDir, 'models')).sort()).toEqual(['org']);
    expect(readdirSync(path.join(t.dataDir, 'uploads')).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('lets only admins upload and delete (403 for a member), reports an incomplete folder, and deletes', async () => {
    const zip = zipArchive(entriesOf(exported));
    const forbidden = await expectJson(await t.call('POST', '/api/pretrained-models', { as: member.key, raw: upload(zip, 'm.zip', 'mine') }), 403);
    expect(forbidden.error.message).toBe('this needs the admin role; you are a member.');
    expect(await expectJson(await t.call('DELETE', '/api/pretrained-models/org%2Ftiny-bert', { as: member.key }), 403)).toMatchObject({ error: { code: 'forbidden' } });

    // A folder placed by hand without its tokenizer is listed as incomplete, naming what is missing.
    mkdirSync(path.join(t.dataDir, 'models', 'broken'), { recursive: true });
    cpSync(path.join(tinyBert, 'onnx', 'model.onnx'), path.join(t.dataDir, 'models', 'broken', 'model.onnx'));
    cpSync(path.join(tinyBert, 'config.json'), path.join(t.dataDir, 'models', 'broken', 'config.json'));
    const listed = await expectJson(await t.call('GET', '/api/pretrained-models', { as: member.key }), 200);
    expect(listed.models.find((m: { name: string }) => m.name === 'broken')).toMatchObject({ status: 'incomplete', missing: ['tokenizer.json'], problem: 'missing tokenizer.json', hiddenSize: 16 });

    expect(await expectJson(await t.call('DELETE', '/api/pretrained-models/org%2Ftiny-bert', { as: admin.key }), 200)).toEqual({ deleted: true, name: 'org/tiny-bert' });
    expect(existsSync(path.join(t.dataDir, 'models', 'org'))).toBe(false);
    const gone = await expectJson(await t.call('DELETE', '/api/pretrained-models/org%2Ftiny-bert', { as: admin.key }), 404);
    expect(gone.error.message).toContain("the pretrained model 'org/tiny-bert'");
    const escaping = await expectJson(await t.call('DELETE', `/api/pretrained-models/${encodeURIComponent('../secret')}`, { as: admin.key }), 400);
    expect(escaping.error.message).toContain("'../secret' is not a pretrained model name");
  });
});

describe('pretrained model uploads under the dataset-archive limits', () => {
  let limited: TestApp;
  let exported: string;
  beforeAll(async () => {
    limited = await startTestApp('pretrained_limits', { OVERTURE_MAX_DATASET_ARCHIVE_ENTRIES: '3', OVERTURE_MAX_UNPACKED_BYTES: '100000' });
    // The tiny export laid out flat (model.onnx beside tokenizer.json, tokenizer_config.json, config.json): four entries.
    exported = mkdtempSync(path.join(tmpdir(), 'overture-tiny-bert-'));
    for (const file of ['tokenizer.json', 'tokenizer_config.json', 'config.json']) cpSync(path.join(tinyBert, file), path.join(exported, file));
    cpSync(path.join(tinyBert, 'onnx', 'model.onnx'), path.join(exported, 'model.onnx'));
  });
  afterAll(async () => {
    await limited?.close();
    rmSync(exported, { recursive: true, force: true });
  });

  it('refuses more entries than OVERTURE_MAX_DATASET_ARCHIVE_ENTRIES and more bytes than OVERTURE_MAX_UNPACKED_BYTES', async () => {
    const admin = await limited.user('admin');
    const many = await expectJson(await limited.call('POST', '/api/pretrained-models', { as: admin.key, raw: upload(zipArchive(entriesOf(exported)), 'm.zip') }), 400);
    expect(many.error.message).toContain('OVERTURE_MAX_DATASET_ARCHIVE_ENTRIES');
    const files = entriesOf(exported).filter((e) => ['model.onnx', 'tokenizer.json'].includes(e.name));
    const big = zipArchive([...files, { name: 'config.json', data: Buffer.alloc(200_000, 32) }]);
    const bomb = await expectJson(await limited.call('POST', '/api/pretrained-models', { as: admin.key, raw: upload(big, 'big.zip') }), 400);
    expect(bomb.error.message).toMatch(/^big\.zip: .*OVERTURE_MAX_UNPACKED_BYTES/);
    expect(existsSync(path.join(limited.dataDir, 'models', 'big'))).toBe(false);
    expect(readdirSync(path.join(limited.dataDir, 'models'))).toEqual([]);
  });
});
