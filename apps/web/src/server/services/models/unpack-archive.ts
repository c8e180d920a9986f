import { createReadStream, createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { ApiError, badInput } from '../../errors';
import { formatBytes } from '../../http/read-body';

export interface UnpackLimits {
  /** Files and folders at most. */
  maxEntries: number;
  /** Bytes of unpacked files at most (a small archive may unpack to a great deal). */
  maxBytes: number;
}

export interface UnpackedArchive {
  files: number;
  bytes: number;
}

/** How to make an archive the import accepts (shown in every "not an archive" message). */
export const ARCHIVE_HINT = "make one with 'tar czf model.tar.gz -C OUT .', where OUT is the --output-directory of 'overture train', or download one from a run's page";

/** Regular files and folders only: links, devices and FIFOs have no place in a model bundle. */
const acceptedTypes = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/**
 * Unpacks a .tar.gz (or plain .tar) into `target`, which must not exist yet. Refuses — before
 * writing it — any entry that is not a regular file or folder (symbolic and hard links included),
 * an absolute path, a path with `..`, and archives over the limits; a truncated or damaged archive
 * is an error naming where it broke off. Files are written with fresh modes and no owner from the
 * archive. On failure `target` may hold a partial tree: the caller removes it.
 */
export async function unpackArchive(archive: string, target: string, limits: UnpackLimits): Promise<UnpackedArchive> {
  await checkArchiveKind(archive);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.mkdir(target);
  const parser = new Parser({ strict: true });
  const source = createReadStream(archive);
  let entries = 0;
  let bytes = 0;
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
      source.unpipe(parser);
      source.destroy();
      output?.destroy();
      parser.abort(failure);
      reject(failure);
    };
    parser.on('entry', (entry: ReadEntry) => {
      if (failure) return void entry.resume();
      current = entry.path;
      entry.on('end', () => {
        finished = entry.path;
        if (current === entry.path) current = null;
      });
      let relative: string | null;
      try {
        relative = checkEntry(entry);
      } catch (error) {
        entry.resume();
        return fail(error);
      }
      if (relative === null) return void entry.resume();
      entries++;
      if (entry.type !== 'Directory') bytes += entry.size;
      if (entries > limits.maxEntries) return fail(badInput(`the archive holds more than ${limits.maxEntries} files; a model bundle has a handful.`));
      if (bytes > limits.maxBytes) return fail(new ApiError('too_large', `the archive unpacks to more than ${formatBytes(limits.maxBytes)}, more than this platform accepts for a model bundle.`));
      const destination = path.join(/*turbopackIgnore: true*/ target, relative);
      writing = writing.then(async () => {
        if (failure) return void entry.resume();
        if (entry.type === 'Directory') {
          await fs.mkdir(destination, { recursive: true, mode: 0o755 });
          entry.resume();
          return;
        }
        await fs.mkdir(path.dirname(destination), { recursive: true, mode: 0o755 });
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
    parser.on('error', (error: Error & { code?: string }) => fail(failure ?? describeTarProblem(error.code ?? '', error.message, current, finished)));
    source.on('error', fail);
    parser.on('end', () => {
      writing.then(() => {
        if (failure) return;
        if (entries === 0) return fail(badInput(`the archive is empty; ${ARCHIVE_HINT}.`));
        resolve({ files: entries, bytes });
      }, fail);
    });
    source.pipe(parser);
  });
}

/** The entry's path inside `target`, null for an entry to skip, or a thrown ApiError for one to refuse. */
function checkEntry(entry: ReadEntry): string | null {
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
async function checkArchiveKind(archive: string): Promise<void> {
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
  if (gzip || tar) return;
  if (length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) {
    throw badInput(`this is a .zip file; the import reads .tar.gz archives: ${ARCHIVE_HINT}.`);
  }
  throw badInput(`this file is not a model archive (.tar.gz): ${ARCHIVE_HINT}.`);
}
