import { createReadStream, createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { ApiError, badInput } from '../../errors';
import { formatBytes } from '../../http/read-body';

export interface UnpackLimits {
  /** Entries (files and folders, kept or not) at most. */
  maxEntries: number;
  /** Bytes of the decompressed archive at most: every entry, kept or not, with its headers. */
  maxBytes: number;
  /** Bytes of one entry at most. */
  maxEntryBytes: number;
  /** Folders an entry's path may nest (`model/weights/weights.bin` is 3 deep). */
  maxDepth: number;
  /** Characters of an entry's path at most. */
  maxPathLength: number;
}

/** Decompressed bytes per archive byte that an import accepts beyond the floor: a model bundle is mostly float weights, which barely compress. */
export const UNPACK_RATIO = 30;
/** Decompressed bytes any archive may reach whatever its size (JSON-heavy bundles compress well). */
export const UNPACK_FLOOR_BYTES = 64 * 1024 ** 2;

/**
 * The limits for an archive of `archiveBytes`: at most UNPACK_RATIO times its size (but always
 * UNPACK_FLOOR_BYTES) and never over `maxUnpackedBytes`, so a small archive cannot expand into
 * gigabytes whatever the upload limit is.
 */
export function unpackLimitsFor(archiveBytes: number, maxUnpackedBytes: number): UnpackLimits {
  const maxBytes = Math.min(maxUnpackedBytes, Math.max(UNPACK_RATIO * archiveBytes, UNPACK_FLOOR_BYTES));
  return { maxEntries: 1000, maxBytes, maxEntryBytes: maxBytes, maxDepth: 8, maxPathLength: 512 };
}

export interface UnpackedArchive {
  /** Files written. */
  files: number;
  bytes: number;
  /** Files left out because `keep` did not want them (archive paths, sorted). */
  skipped: string[];
}

/** How to make an archive the import accepts (shown in every "not an archive" message). */
export const ARCHIVE_HINT = "make one with 'tar czf model.tar.gz -C OUT .', where OUT is the --output-directory of 'overture train', or download one from a run's page";

/** Regular files and folders only: links, devices and FIFOs have no place in a model bundle. */
const acceptedTypes = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/**
 * Unpacks a .tar.gz (or plain .tar) into `target`, which must not exist yet, writing only the
 * files `keep` wants (folders are made for them). Refuses — before writing it — any entry that is
 * not a regular file or folder (symbolic and hard links included), an absolute path, a path with
 * `..`, too deep or too long, and archives over the limits: declared sizes are checked from each
 * header, and the decompressed stream is counted as it flows, so a gzip bomb stops at the limit
 * instead of filling the disk. A truncated or damaged archive is an error naming where it broke
 * off. Files are written with fresh modes and no owner from the archive. On failure `target` may
 * hold a partial tree: the caller removes it.
 */
export async function unpackArchive(archive: string, target: string, limits: UnpackLimits, keep: (relative: string) => boolean = () => true): Promise<UnpackedArchive> {
  const kind = await checkArchiveKind(archive);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.mkdir(target);
  const parser = new Parser({ strict: true });
  const source = createReadStream(archive);
  const gunzip = kind === 'gzip' ? createGunzip() : null;
  const tooLarge = () => new ApiError('too_large', `the archive unpacks to more than ${formatBytes(limits.maxBytes)}, more than this platform accepts for a model bundle of this size; archive only the model folder.`);
  let streamed = 0;
  let entries = 0;
  let files = 0;
  let bytes = 0;
  const skipped: string[] = [];
  const writtenFiles = new Set<string>();
  // The entry being read, else the last one read whole: where a truncated archive broke off.
  let current: string | null = null;
  let finished: string | null = null;
  let failure: Error | null = null;
  let output: WriteStream | null = null;
  // Entries arrive one at a time (the parser waits for each to be read); writes run in order.
  let writing: Promise<void> = Promise.resolve();

  return new Promise<UnpackedArchive>((resolve, reject) => {
    const fail = (error: unknown) => {
      if (failure) return;
      failure = error instanceof Error ? error : new Error(String(error));
      source.destroy();
      gunzip?.destroy();
      output?.destroy();
      parser.abort(failure);
      reject(failure);
    };
    // Counts the tar stream as it is decompressed: what the archive really expands to, headers,
    // skipped entries and anything after its end included.
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        streamed += chunk.length;
        if (streamed > limits.maxBytes) return done(tooLarge());
        done(null, chunk);
      },
    });
    parser.on('entry', (entry: ReadEntry) => {
      if (failure) return void entry.resume();
      current = entry.path;
      entry.on('end', () => {
        finished = entry.path;
        if (current === entry.path) current = null;
      });
      let relative: string | null;
      try {
        relative = checkEntry(entry, limits);
      } catch (error) {
        entry.resume();
        return fail(error);
      }
      if (++entries > limits.maxEntries) {
        entry.resume();
        return fail(badInput(`the archive holds more than ${limits.maxEntries} files and folders; a model bundle has a handful. Archive only the model folder.`));
      }
      if (entry.size > limits.maxEntryBytes) {
        entry.resume();
        return fail(new ApiError('too_large', `'${entry.path}' in the archive is ${formatBytes(entry.size)}, more than the ${formatBytes(limits.maxEntryBytes)} this platform accepts for one file of a model bundle of this size.`));
      }
      if (relative === null || entry.type === 'Directory') return void entry.resume();
      if (!keep(relative)) {
        skipped.push(relative);
        return void entry.resume();
      }
      bytes += entry.size;
      if (bytes > limits.maxBytes) {
        entry.resume();
        return fail(tooLarge());
      }
      files++;
      const destination = path.join(/*turbopackIgnore: true*/ target, relative);
      writing = writing.then(async () => {
        if (failure) return void entry.resume();
        await fs.mkdir(path.dirname(destination), { recursive: true, mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
          // A file written earlier stands where this entry needs a folder: the archive's fault, not ours.
          const parts = relative.split('/');
          const file = parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/')).find((p) => writtenFiles.has(p));
          if (file && (error.code === 'EEXIST' || error.code === 'ENOTDIR')) throw badInput(`the archive holds '${file}' both as a file and as a folder ('${relative}'); make the archive again.`);
          throw error;
        });
        writtenFiles.add(relative);
        output = createWriteStream(destination, { flags: 'wx', mode: 0o644 });
        try {
          await pipeline(entry, output);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw code === 'EEXIST' || code === 'EISDIR' ? badInput(`the archive holds '${entry.path}' twice; make the archive again.`) : error;
        } finally {
          output = null;
        }
      });
      writing.catch(fail);
    });
    const onStreamError = (error: Error & { code?: string }) => fail(failure ?? (error instanceof ApiError ? error : describeTarProblem(error.code ?? '', error.message, current, finished)));
    parser.on('error', onStreamError);
    gunzip?.on('error', onStreamError);
    count.on('error', onStreamError);
    source.on('error', fail);
    parser.on('end', () => {
      writing.then(() => {
        if (failure) return;
        if (entries === 0) return fail(badInput(`the archive is empty; ${ARCHIVE_HINT}.`));
        resolve({ files, bytes, skipped: skipped.sort() });
      }, fail);
    });
    (gunzip ? source.pipe(gunzip).pipe(count) : source.pipe(count)).pipe(parser);
  });
}

/** The entry's path inside `target`, null for an entry to skip, or a thrown ApiError for one to refuse. */
function checkEntry(entry: ReadEntry, limits: UnpackLimits): string | null {
  const name = entry.path;
  if (!acceptedTypes.has(entry.type)) {
    const what = entry.type === 'SymbolicLink' ? 'a symbolic link' : entry.type === 'Link' ? 'a hard link' : `a special file (${entry.type})`;
    throw badInput(`the archive holds ${what}, '${name}'; a model bundle has only files and folders, so it was not imported.`);
  }
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) {
    throw badInput(`the archive holds an absolute path, '${name}'; it was not imported. Archive the output directory with relative paths ('tar czf model.tar.gz -C OUT .').`);
  }
  const segments = name.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw badInput(`the archive holds a path that leaves its folder, '${name}'; it was not imported.`);
  if (name.length > limits.maxPathLength || segments.length > limits.maxDepth) {
    throw badInput(`the archive holds a path ${name.length > limits.maxPathLength ? `longer than ${limits.maxPathLength} characters` : `nested more than ${limits.maxDepth} folders deep`} ('${name.slice(0, 80)}${name.length > 80 ? '…' : ''}'); a model bundle is at most a few folders deep.`);
  }
  // macOS adds AppleDouble companions (`._name`) to archives it makes; they are not part of a bundle.
  if (segments.length === 0 || segments.some((s) => s.startsWith('._') || s === '__MACOSX')) return null;
  return segments.join('/');
}

/** A tar or gzip problem in words: a cut-short archive says where it broke off. */
function describeTarProblem(code: string, message: string, reading: string | null, finished: string | null): ApiError {
  if (code === 'Z_BUF_ERROR' || /unexpected end of file|Truncated input/i.test(message)) {
    const where = reading ? ` in the middle of '${reading}'` : finished ? ` right after '${finished}'` : ' early';
    return badInput(`the archive is incomplete: it ends${where}. The upload was cut short or the file is damaged; make the archive again and upload it again.`);
  }
  if (code.startsWith('Z_')) return badInput(`the archive is damaged (its gzip compression is broken: ${message}); make it again and upload it again.`);
  return badInput(`this file is not a model archive (.tar.gz): ${ARCHIVE_HINT}.`);
}

/** Looks at the first bytes: gzip or tar go on; a .zip or anything else is refused in words. */
async function checkArchiveKind(archive: string): Promise<'gzip' | 'tar'> {
  const handle = await fs.open(archive, 'r');
  const head = Buffer.alloc(512);
  let length: number;
  try {
    ({ bytesRead: length } = await handle.read(head, 0, 512, 0));
  } finally {
    await handle.close();
  }
  const gzip = length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const tar = length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
  if (gzip) return 'gzip';
  if (tar) return 'tar';
  if (length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) {
    throw badInput(`this is a .zip file; the import reads .tar.gz archives: ${ARCHIVE_HINT}.`);
  }
  throw badInput(`this file is not a model archive (.tar.gz): ${ARCHIVE_HINT}.`);
}
