import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repeatDeflated, zipArchive, type ZipEntry } from '@overture/testing/xlsx';
import { archiveTable, unpackDatasetArchive } from './dataset-archive.js';
import { profileTable } from './profile.js';
import { readTable } from './read-table.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dataset-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function archive(entries: ZipEntry[]): { file: string; folder: string } {
  count++;
  const file = path.join(dir, `upload-${count}.zip`);
  writeFileSync(file, zipArchive(entries));
  return { file, folder: path.join(dir, `upload-${count}.files`) };
}

async function refusal(entries: ZipEntry[], limits = {}): Promise<string> {
  const { file, folder } = archive(entries);
  const error = await unpackDatasetArchive(file, folder, limits).then(() => null, (e: Error) => e);
  expect(error, 'the archive should have been refused').not.toBeNull();
  // Nothing is left behind: neither the folder nor its partial twin.
  expect(readdirSync(dir).filter((f) => f.startsWith(path.basename(folder)))).toEqual([]);
  return error!.message;
}

const png = Buffer.from('89504e470d0a1a0a', 'hex'); // the signature is enough: nothing decodes it here

describe('unpackDatasetArchive', () => {
  it('unpacks a table and its files, skipping macOS forks and hidden files, and reads the table from there', async () => {
    const { file, folder } = archive([
      { name: 'shapes/' },
      { name: 'shapes/labels.csv', data: 'image_path,label\nimg/a.png,round\nimg/b.png,square\nimg/c.png,round\n' },
      { name: 'shapes/img/a.png', data: png },
      { name: 'shapes/img/b.png', data: png },
      { name: 'shapes/img/c.png', data: png },
      { name: '__MACOSX/shapes/._labels.csv', data: 'fork' },
      { name: 'shapes/.DS_Store', data: 'finder' },
    ]);
    const unpacked = await unpackDatasetArchive(file, folder);
    expect(unpacked).toEqual({ folder, table: 'shapes/labels.csv', files: 4, bytes: 66 + 3 * png.length, skipped: 3 });
    expect(readdirSync(path.join(folder, 'shapes', 'img')).sort()).toEqual(['a.png', 'b.png', 'c.png']);
    expect(existsSync(path.join(folder, '__MACOSX'))).toBe(false);
    const { tableFile, mediaRoot } = archiveTable(unpacked);
    expect(mediaRoot).toBe(path.join(folder, 'shapes'));
    // Ludwig's image inference probes the paths inside the table's folder, where they now are.
    const profile = profileTable(await readTable(tableFile), { baseDir: mediaRoot });
    expect(profile.columns.find((c) => c.name === 'image_path')?.inferredType).toBe('image');
  });

  it('reuses a folder it completed before instead of unpacking again', async () => {
    const { file, folder } = archive([{ name: 'data.csv', data: 'a,b\n1,2\n' }]);
    const first = await unpackDatasetArchive(file, folder);
    writeFileSync(file, 'no longer a zip');
    expect(await unpackDatasetArchive(file, folder)).toEqual(first);
    expect(readFileSync(path.join(folder, 'data.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('unpacks the same archive twice at once into one folder: both get it, no partial folder is left', async () => {
    const { file, folder } = archive([{ name: 'data.csv', data: 'a,b\n1,2\n' }, ...Array.from({ length: 40 }, (_, i) => ({ name: `img/${i}.png`, data: png }))]);
    const [a, b] = await Promise.all([unpackDatasetArchive(file, folder), unpackDatasetArchive(file, folder)]);
    expect(a).toEqual(b);
    expect(a.files).toBe(41);
    expect(readdirSync(dir).filter((f) => f.startsWith(path.basename(folder)))).toEqual([path.basename(folder)]);
  });

  it('refuses paths that leave the folder, before writing anything', async () => {
    expect(await refusal([{ name: 'data.csv', data: 'a\n1\n' }, { name: '../escape.png', data: png }])).toMatch(/escape\.png/);
    expect(await refusal([{ name: 'data.csv', data: 'a\n1\n' }, { name: '/etc/cron.d/x', data: 'x' }])).toMatch(/cron\.d/);
    expect(existsSync(path.join(dir, '..', 'escape.png'))).toBe(false);
  });

  it('refuses symbolic links and other non-regular entries', async () => {
    expect(await refusal([{ name: 'data.csv', data: 'a\n1\n' }, { name: 'img/link.png', data: '/etc/passwd', unixMode: 0o120777 }]))
      .toBe("upload-" + count + ".zip: has a symbolic link 'img/link.png': an archive of a dataset holds regular files only (zip it without links, e.g. 'zip -r' without --symlinks).");
    expect(await refusal([{ name: 'data.csv', data: 'a\n1\n' }, { name: 'fifo', data: '', unixMode: 0o010644 }])).toMatch(/'fifo' that is not a regular file/);
  });

  it('needs exactly one table at the top-most level holding one', async () => {
    expect(await refusal([{ name: 'img/a.png', data: png }])).toMatch(/holds no table: put the CSV/);
    expect(await refusal([{ name: 'train.csv', data: 'a\n1\n' }, { name: 'test.csv', data: 'a\n2\n' }]))
      .toMatch(/holds 2 tables at its top level \('test\.csv', 'train\.csv'\): keep one table per dataset archive/);
    // A table deeper down is just a file beside the media.
    const { file, folder } = archive([{ name: 'rows.csv', data: 'a\n1\n' }, { name: 'extra/more.csv', data: 'a\n2\n' }]);
    expect((await unpackDatasetArchive(file, folder)).table).toBe('rows.csv');
  });

  it('stops a decompression bomb at the unpacked-bytes limit, naming its variable', async () => {
    const bomb = repeatDeflated('', 'x'.repeat(64 * 1024), 64, ''); // 4 MiB from a few KB
    expect(await refusal([{ name: 'data.csv', data: 'a\n1\n' }, { name: 'big.wav', deflated: bomb }], { maxUnpackedBytes: 1024 * 1024, maxUnpackRatio: 1e9 }))
      .toMatch(/OVERTURE_MAX_UNPACKED_BYTES/);
    expect(await refusal([{ name: 'data.csv', data: 'a\n1\n' }, { name: 'big.wav', deflated: bomb }])).toMatch(/times its compressed size, over the limit of 200:1 \(OVERTURE_MAX_UNPACK_RATIO\)/);
  });

  it('caps the entries with its own limit (a folder of images is larger than a workbook)', async () => {
    const entries = [{ name: 'data.csv', data: 'a\n1\n' }, ...Array.from({ length: 30 }, (_, i) => ({ name: `img/${i}.png`, data: png }))];
    expect(await refusal(entries, { maxDatasetArchiveEntries: 20 })).toMatch(/holds 31 archive entries, over the limit of 20 \(OVERTURE_MAX_DATASET_ARCHIVE_ENTRIES\)/);
    const { file, folder } = archive(entries);
    expect((await unpackDatasetArchive(file, folder, { maxArchiveEntries: 20 })).files).toBe(31);
  });

  it('says a file that is not a zip is not a dataset archive', async () => {
    const file = path.join(dir, 'not.zip');
    writeFileSync(file, 'image_path,label\n');
    await expect(unpackDatasetArchive(file, path.join(dir, 'not.files'))).rejects.toThrow(/^not\.zip: is not a dataset archive \(a \.zip of a table and its image or audio files\): it is not a readable zip archive/);
  });
});
