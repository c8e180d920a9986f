import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UNPACK_FLOOR_BYTES, UNPACK_RATIO, unpackArchive, unpackLimitsFor } from './unpack-archive';

const work = mkdtempSync(path.join(tmpdir(), 'overture-unpack-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One ustar header for a regular file of `size` bytes (its body follows, padded to 512). */
function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(`${(1_700_000_000).toString(8).padStart(11, '0')}\0`, 136);
  h.write(' '.repeat(8), 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}
const file = (name: string, body: Buffer) => Buffer.concat([header(name, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
const end = Buffer.alloc(1024);

function write(bytes: Buffer): string {
  const archive = path.join(work, `a-${Math.random().toString(36).slice(2)}.tar.gz`);
  writeFileSync(archive, bytes);
  return archive;
}
const target = () => path.join(work, `out-${Math.random().toString(36).slice(2)}`, 'import');
/** Files under `folder`, recursively, with sizes. */
const written = (folder: string): Record<string, number> => {
  if (!existsSync(folder)) return {};
  return Object.fromEntries(readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => [path.relative(folder, path.join(e.parentPath, e.name)), statSync(path.join(e.parentPath, e.name)).size]));
};

describe('unpackArchive limits', () => {
  it('allows an archive ratio × its size, at least the floor, never over the cap', () => {
    expect(unpackLimitsFor(1024, 4 * 1024 ** 3).maxBytes).toBe(UNPACK_FLOOR_BYTES);
    expect(unpackLimitsFor(100 * 1024 ** 2, 4 * 1024 ** 3).maxBytes).toBe(UNPACK_RATIO * 100 * 1024 ** 2);
    expect(unpackLimitsFor(1024 ** 3, 4 * 1024 ** 3).maxBytes).toBe(4 * 1024 ** 3);
    expect(unpackLimitsFor(1024, 1024 ** 2).maxBytes).toBe(1024 ** 2);
  });

  it('refuses a file bigger than ratio × the archive from its header, before writing any of it', async () => {
    // 3 MB that do not compress (real weights) beside 120 MB of zeros: the archive's limit is 30 × ~3 MB.
    const weights = randomBytes(3 * 1024 ** 2);
    const archive = write(gzipSync(Buffer.concat([file('model/bundle.json', Buffer.from('{}')), file('model/weights/weights.bin', weights), file('model/padding.bin', Buffer.alloc(120 * 1024 ** 2)), end])));
    const limits = unpackLimitsFor(statSync(archive).size, 4 * 1024 ** 3);
    expect(limits.maxBytes).toBeGreaterThan(UNPACK_FLOOR_BYTES);
    expect(limits.maxBytes).toBeLessThan(120 * 1024 ** 2);
    const into = target();
    await expect(unpackArchive(archive, into, limits)).rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/^'model\/padding\.bin' in the archive is 120 MB, more than the 9\d\.\d MB this platform accepts/) });
    expect(written(into)).toEqual({ 'model/bundle.json': 2, 'model/weights/weights.bin': weights.length });
  });

  it('counts the decompressed stream, so bytes after the end of the archive or in skipped entries stop at the limit', async () => {
    const limits = { ...unpackLimitsFor(0, 8 * 1024 ** 2) };
    const trailing = write(gzipSync(Buffer.concat([file('model/bundle.json', Buffer.from('{}')), end, Buffer.alloc(16 * 1024 ** 2)])));
    await expect(unpackArchive(trailing, target(), limits)).rejects.toMatchObject({ code: 'too_large', message: 'the archive unpacks to more than 8 MB, more than this platform accepts for a model bundle of this size; archive only the model folder.' });
    const skippedParts = Array.from({ length: 4 }, (_, i) => file(`out/checkpoints/${i}.bin`, Buffer.alloc(3 * 1024 ** 2)));
    const skipping = write(gzipSync(Buffer.concat([file('model/bundle.json', Buffer.from('{}')), ...skippedParts, end])));
    const into = target();
    await expect(unpackArchive(skipping, into, limits, (p) => p.startsWith('model/'))).rejects.toMatchObject({ code: 'too_large' });
    expect(written(into)).toEqual({ 'model/bundle.json': 2 });
  });

  it('writes only the files `keep` wants and lists the others; a plain tar reads the same', async () => {
    const tar = Buffer.concat([file('model/bundle.json', Buffer.from('{}')), file('model/notes.txt', Buffer.from('hi')), file('log.txt', Buffer.from('x')), end]);
    for (const bytes of [tar, gzipSync(tar)]) {
      const into = target();
      const result = await unpackArchive(write(bytes), into, unpackLimitsFor(bytes.length, 1024 ** 3), (p) => p.endsWith('.json'));
      expect(result).toEqual({ files: 1, bytes: 2, skipped: ['log.txt', 'model/notes.txt'] });
      expect(written(into)).toEqual({ 'model/bundle.json': 2 });
    }
  });

  it('answers 400 in words for a path held twice, or as a file and as a folder, whichever comes first', async () => {
    const body = Buffer.from('x');
    const cases: [string[], RegExp][] = [
      [['model/a', 'model/a'], /^the archive holds 'model\/a' twice; make the archive again\.$/],
      [['model/a', 'model/a/b'], /^the archive holds 'model\/a' both as a file and as a folder \('model\/a\/b'\); make the archive again\.$/],
      [['model/a/b', 'model/a'], /^the archive holds 'model\/a' twice; make the archive again\.$/],
      [['model/a', 'model/a/b/c'], /^the archive holds 'model\/a' both as a file and as a folder \('model\/a\/b\/c'\); make the archive again\.$/],
    ];
    for (const [names, message] of cases) {
      const tar = Buffer.concat([...names.map((n) => file(n, body)), end]);
      const attempt = unpackArchive(write(gzipSync(tar)), target(), unpackLimitsFor(tar.length, 1024 ** 3));
      await expect(attempt, names.join(' then ')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    }
  });
});
