import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { OvertureError } from '@overture/config';

/**
 * Where an image or audio cell's bytes come from. A cell is a data URI (`data:image/png;base64,…`,
 * `data:audio/wav;base64,…`), bare base64 of a file, or a path: relative to the dataset file's
 * folder, or absolute inside it. Paths are read only under a root, and a path that leaves the root
 * (`..`, an absolute path elsewhere, a symlink out) is refused before anything is read: cells are
 * untrusted data. With no root (the platform, a prediction request) no path is read at all.
 */
export type MediaSource = { kind: 'bytes'; bytes: Buffer } | { kind: 'file'; path: string };

/** What kind of file a column holds, for messages and for telling bare base64 from a path. */
export interface MediaKind {
  /** 'image', 'audio': what one file is called in messages ("send the image as base64"). */
  noun: string;
  /** 'images', 'audio files' ("images are read only inside it"). */
  plural: string;
  /** 'an image file', 'an audio file'. */
  oneFile: string;
  /** An example data URI prefix for messages, e.g. `data:image/png;base64,…`. */
  dataUriExample: string;
  /** Whether decoded bytes start with a signature of this kind (bare base64 is taken only then). */
  isSignature(bytes: Buffer): boolean;
  /** Largest file read (a cell naming a huge file must not exhaust memory). */
  maxBytes: number;
}

/** A cell that cannot name a file of the kind: the message says why, for a row error or the report. */
export class MediaSourceError extends Error {}

/** A path the cell may not read (outside the root, or paths not allowed here): refused, never read. */
export class MediaPathRefused extends MediaSourceError {}

const DATA_URI = /^data:([^;,]*)(;[^,]*)?,/i;
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;

/** The root's real path, resolved once per column. */
export async function resolveMediaRoot(root: string, noun: string): Promise<string> {
  try {
    return await realpath(path.resolve(root));
  } catch {
    throw new OvertureError('invalid_input', `The folder ${noun} paths are read from ('${root}') does not exist.`);
  }
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The source of one cell. `root` is the real path of the folder paths are read under, or null
 * when paths are not allowed (the platform, a prediction request without an allowed root).
 */
export async function mediaSource(cell: string, root: string | null, kind: MediaKind): Promise<MediaSource> {
  const text = cell.trim();
  const uri = DATA_URI.exec(text);
  if (uri) {
    if (!(uri[2] ?? '').toLowerCase().includes(';base64')) throw new MediaSourceError('is a data URI that is not base64-encoded');
    return { kind: 'bytes', bytes: Buffer.from(text.slice(uri[0].length), 'base64') };
  }
  // Bare base64 is taken when it decodes to the kind's signature; a path with an extension never
  // matches (the dot), and other text that decodes to no such file is taken as a path.
  if (text.length >= 32 && BASE64.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (kind.isSignature(bytes)) return { kind: 'bytes', bytes };
  }
  if (root === null) {
    throw new MediaPathRefused(`is a file path, and paths are not read here: send the ${kind.noun} as base64 or a data URI (${kind.dataUriExample})`);
  }
  const refused = () => new MediaPathRefused(`names a path outside the dataset's folder ('${short(text)}'); ${kind.plural} are read only inside it`);
  const target = path.resolve(root, text);
  if (!inside(root, target)) throw refused();
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new MediaSourceError(`names a file that does not exist ('${short(text)}')`);
  }
  // A symlink inside the folder may point out of it.
  if (!inside(root, real)) throw refused();
  return { kind: 'file', path: real };
}

/** The bytes of a cell: decoded base64, or the file it names (inside the root, at most kind.maxBytes). */
export async function mediaBytes(cell: string, root: string | null, kind: MediaKind): Promise<Buffer> {
  const source = await mediaSource(cell, root, kind);
  if (source.kind === 'bytes') return source.bytes;
  const info = await stat(source.path);
  if (!info.isFile()) throw new MediaSourceError(`names a folder, not ${kind.oneFile}`);
  if (info.size > kind.maxBytes) {
    throw new MediaSourceError(`names a file of ${Math.round(info.size / 1048576)} MB; ${kind.plural} are read up to ${kind.maxBytes / 1048576} MB`);
  }
  return readFile(source.path);
}

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
