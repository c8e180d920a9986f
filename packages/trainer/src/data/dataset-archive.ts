import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { dataError } from './data-error.js';
import { tableFormatsByExtension } from './read-table.js';
import { BoundedZip } from './readers/bounded-zip.js';
import { resolveReadLimits, type ReadLimits } from './readers/read-limits.js';

/**
 * A dataset uploaded as one zip: a table (CSV, TSV, JSON, Parquet, .xlsx) plus the image and audio
 * files its cells name by relative path, as a Ludwig user keeps them in a folder. The archive is
 * unpacked once, under the read limits, into a folder of its own; the table is then read from there
 * and its media paths are resolved inside the table's folder only (Ludwig resolves them against the
 * dataset file's folder).
 */
export interface DatasetArchive {
  /** The unpacked folder (absolute). */
  folder: string;
  /** The table, relative to `folder` (always with `/`). */
  table: string;
  files: number;
  bytes: number;
  /** Entries left out: folders' own entries, macOS resource forks (`__MACOSX/`), hidden files. */
  skipped: number;
}

/** Written last into the folder (a hidden name, which no unpacked entry can have), so a half-unpacked folder is never taken for a whole one. */
const MANIFEST = '.overture-archive.json';
/** Folders an entry's path may nest. */
const MAX_DEPTH = 16;
const MAX_PATH_CHARS = 512;
const DESCRIBE = 'a dataset archive (a .zip of a table and its image or audio files)';

/** Unix file-type bits of a zip entry made on Unix (the high half of its external attributes). */
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;

/** The table file's path in the archive, and the full path of every regular file it holds. */
function isTable(name: string): boolean {
  return Object.hasOwn(tableFormatsByExtension, path.posix.extname(name).toLowerCase());
}

function skipped(name: string): boolean {
  const segments = name.split('/');
  return name.endsWith('/') || segments[0] === '__MACOSX' || segments.some((s) => s.startsWith('.'));
}

/**
 * Unpacks `file` into `folder` (which must not exist; a folder a previous call completed is reused
 * as it is). Refused before anything is written: links and other non-regular entries, absolute
 * paths, `..`, paths too deep or too long, no table or more than one at the top-most level holding
 * one; and, while streaming, archives over the read limits (entries, decompressed bytes, ratio).
 * Files are written with fresh modes into a partial folder renamed into place at the end.
 */
export async function unpackDatasetArchive(file: string, folder: string, limits?: Partial<ReadLimits>): Promise<DatasetArchive> {
  const existing = await readManifest(folder);
  if (existing) return existing;
  const resolved = resolveReadLimits(limits);
  const zip = await BoundedZip.open(file, resolved, DESCRIBE, 'maxDatasetArchiveEntries');
  const partial = `${folder}.partial-${process.pid}-${randomUUID()}`;
  try {
    const { kept, skippedCount } = planArchiveEntries(file, zip);
    const table = chooseTable(file, kept);
    let bytes = 0;
    await fs.mkdir(partial, { recursive: true });
    for (const name of kept) {
      const target = path.join(partial, ...name.split('/'));
      if (!target.startsWith(partial + path.sep)) throw dataError(file, `has an entry '${name}' that leaves the archive's folder.`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      let size = 0;
      const counted = Readable.from((async function* () {
        for await (const chunk of zip.read(name)) {
          size += chunk.length;
          yield chunk;
        }
      })());
      await pipeline(counted, createWriteStream(target, { flags: 'wx', mode: 0o644 }));
      bytes += size;
    }
    const archive = { table, files: kept.length, bytes, skipped: skippedCount };
    await fs.writeFile(path.join(partial, MANIFEST), JSON.stringify(archive));
    try {
      await fs.rename(partial, folder);
    } catch (error) {
      // Another task unpacked the same archive meanwhile (a batch prediction beside its profile job): use theirs.
      const theirs = await readManifest(folder);
      if (!theirs) throw error;
      await fs.rm(partial, { recursive: true, force: true });
      return theirs;
    }
    return { folder, ...archive };
  } catch (error) {
    await fs.rm(partial, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    zip.close();
  }
}

/** The archive an earlier unpackDatasetArchive completed in `folder`, or null when there is none. */
export async function readManifest(folder: string): Promise<DatasetArchive | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, MANIFEST), 'utf8');
  } catch {
    return null;
  }
  const parsed = JSON.parse(text) as Omit<DatasetArchive, 'folder'>;
  return { folder, ...parsed };
}

/** The table's full path and the folder its media paths are read under (the table's own). */
export function archiveTable(archive: DatasetArchive): { tableFile: string; mediaRoot: string } {
  const tableFile = path.join(archive.folder, ...archive.table.split('/'));
  return { tableFile, mediaRoot: path.dirname(tableFile) };
}

/**
 * The regular files of a zip to unpack, refusing absolute paths, `..`, links, other non-regular
 * entries and paths too deep or too long (shared by dataset and pretrained-model archives).
 */
export function planArchiveEntries(file: string, zip: BoundedZip): { kept: string[]; skippedCount: number } {
  const kept: string[] = [];
  let skippedCount = 0;
  for (const [name, entry] of zip.entries) {
    if (name.length > MAX_PATH_CHARS) throw dataError(file, `has an entry whose path is ${name.length} characters long (at most ${MAX_PATH_CHARS}).`);
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split('/').includes('..')) {
      throw dataError(file, `has an entry '${name}' that leaves the archive's folder; entries must be relative paths inside it.`);
    }
    // Made on Unix (high byte of "version made by" is 3): the mode's file type is in the attributes.
    const unixMode = (entry.versionMadeBy >> 8) === 3 ? entry.externalFileAttributes >>> 16 : 0;
    const type = unixMode & S_IFMT;
    if (type === S_IFLNK) throw dataError(file, `has a symbolic link '${name}': an archive of a dataset holds regular files only (zip it without links, e.g. 'zip -r' without --symlinks).`);
    if (skipped(name)) {
      skippedCount++;
      continue;
    }
    if (type !== 0 && type !== S_IFREG) throw dataError(file, `has an entry '${name}' that is not a regular file.`);
    if (name.split('/').length > MAX_DEPTH) throw dataError(file, `has an entry '${name}' nested more than ${MAX_DEPTH} folders deep.`);
    kept.push(name);
  }
  return { kept, skippedCount };
}

/** The one table at the top-most level holding one (a folder zipped with its name is one level down). */
function chooseTable(file: string, kept: string[]): string {
  const tables = kept.filter(isTable);
  if (tables.length === 0) {
    const supported = Object.keys(tableFormatsByExtension).join(', ');
    throw dataError(file, `holds no table: put the CSV (or ${supported}) whose rows name the image or audio files in the archive, beside them.`);
  }
  const depth = (name: string) => name.split('/').length;
  const top = Math.min(...tables.map(depth));
  const candidates = tables.filter((t) => depth(t) === top).sort();
  if (candidates.length > 1) {
    const shown = candidates.slice(0, 5).map((t) => `'${t}'`).join(', ');
    throw dataError(file, `holds ${candidates.length} tables at its top level (${shown}${candidates.length > 5 ? ', …' : ''}): keep one table per dataset archive, or move the others into a folder.`);
  }
  return candidates[0];
}
