import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { OvertureError } from '@overture/config';
import { imageFormat } from './decode-image.js';

/**
 * Where an image cell's bytes come from. A cell is a data URI (`data:image/png;base64,…`), bare
 * base64 of an image file, or a path: relative to the dataset file's folder, or absolute inside it.
 * Paths are read only under an image root, and a path that leaves the root (`..`, an absolute path
 * elsewhere, a symlink out) is refused before anything is read: cells are untrusted data.
 */
export type ImageSource = { kind: 'bytes'; bytes: Buffer } | { kind: 'file'; path: string };

/** A cell that cannot name an image: the message says why, for a row error or the report. */
export class ImageSourceError extends Error {}

/** A path the cell may not read (outside the root, or paths not allowed here): refused, never read. */
export class ImagePathRefused extends ImageSourceError {}

const DATA_URI = /^data:([^;,]*)(;[^,]*)?,/i;
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;

/** The image root's real path, resolved once per column. */
export async function resolveImageRoot(root: string): Promise<string> {
  try {
    return await realpath(path.resolve(root));
  } catch {
    throw new OvertureError('invalid_input', `The folder image paths are read from ('${root}') does not exist.`);
  }
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The source of one cell. `root` is the real path of the folder paths are read under, or null
 * when paths are not allowed (a prediction request without an allowed root).
 */
export async function imageSource(cell: string, root: string | null): Promise<ImageSource> {
  const text = cell.trim();
  const uri = DATA_URI.exec(text);
  if (uri) {
    if (!(uri[2] ?? '').toLowerCase().includes(';base64')) throw new ImageSourceError('is a data URI that is not base64-encoded');
    return { kind: 'bytes', bytes: Buffer.from(text.slice(uri[0].length), 'base64') };
  }
  // Bare base64 is taken when it decodes to an image's signature; a path with an extension never
  // matches (the dot), and other text that decodes to no image is taken as a path.
  if (text.length >= 32 && BASE64.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (imageFormat(bytes) !== null) return { kind: 'bytes', bytes };
  }
  if (root === null) {
    throw new ImagePathRefused('is a file path, and paths are not read here: send the image as base64 or a data URI (data:image/png;base64,…)');
  }
  const target = path.resolve(root, text);
  if (!inside(root, target)) throw new ImagePathRefused(`names a path outside the dataset's folder ('${short(text)}'); images are read only inside it`);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new ImageSourceError(`names a file that does not exist ('${short(text)}')`);
  }
  // A symlink inside the folder may point out of it.
  if (!inside(root, real)) throw new ImagePathRefused(`names a path outside the dataset's folder ('${short(text)}'); images are read only inside it`);
  return { kind: 'file', path: real };
}

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
