import { OvertureError, type ImagePreprocessing } from '@overture/config';
import { IMAGE_MISSING, IMAGE_REFUSED, IMAGE_UNREADABLE, refusedPath, type DecodedImageColumn } from './decoded-image-column.js';
import { decodeImageInto, ImageDecodeError, readImageHeader, type ImageTarget } from './decode-image.js';
import { mediaBytes } from '../media/media-source.js';
import { ImagePathRefused, imageKind, ImageSourceError, resolveImageRoot } from './image-source.js';

export { IMAGE_DECODED, IMAGE_MISSING, IMAGE_REFUSED, IMAGE_UNREADABLE, refusedPath, type DecodedImageColumn } from './decoded-image-column.js';

/** Images decoded at once: libvips runs them on libuv's pool (4 threads by default), and each holds one decoded image. */
const CONCURRENCY = 4;

export interface DecodeImageOptions {
  /** Folder that relative paths are read from and absolute paths must lie in; null: paths are refused (base64/data URIs only). */
  root: string | null;
}

const cellBytes = (cell: string, root: string | null): Promise<Buffer> => mediaBytes(cell, root, imageKind);

const isCellProblem = (error: unknown) => error instanceof ImageSourceError || error instanceof ImageDecodeError;

/** Runs `work(i)` for i in [0, n) with at most CONCURRENCY in flight. */
async function forEachConcurrently(n: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, worker));
}

/**
 * The size and channels images are brought to (Ludwig's rules): the configured height/width, else
 * the rounded mean over the first `infer_image_sample_size` readable images capped by
 * infer_image_max_height/width (or the first image's size with infer_image_dimensions off); the
 * configured num_channels, else the majority of the sample when it is 1, 2 or 4 channels, else 3.
 */
export async function inferImageShape(cells: readonly (string | null)[], p: ImagePreprocessing, options: DecodeImageOptions, column: string): Promise<Omit<ImageTarget, 'resizeMethod'>> {
  const root = options.root === null ? null : await resolveImageRoot(options.root);
  const wanted = p.height !== null && p.width !== null && p.num_channels !== null ? 0 : p.infer_image_dimensions || p.infer_image_num_channels ? p.infer_image_sample_size : 1;
  const sample: { height: number; width: number; channels: number }[] = [];
  let firstProblem: string | null = null;
  for (let row = 0; row < cells.length && sample.length < wanted; row++) {
    const cell = cells[row];
    if (cell === null || cell.trim() === '') continue;
    try {
      sample.push(await readImageHeader(await cellBytes(cell, root)));
    } catch (error) {
      if (!isCellProblem(error)) throw error;
      if (error instanceof ImagePathRefused) throw refusedPath(column, row, error);
      firstProblem ??= `row ${row + 1} ${(error as Error).message}`;
    }
  }
  if (wanted > 0 && sample.length === 0) {
    throw new OvertureError('invalid_data', `No image of column '${column}' could be read to infer the image size${firstProblem ? `: ${firstProblem}` : ' (every cell is empty)'}. Set preprocessing.height, width and num_channels, or fix the column.`, [
      { path: column, message: 'no readable image' },
    ]);
  }
  const mean = (pick: (s: (typeof sample)[number]) => number) => Math.round(sample.reduce((a, s) => a + pick(s), 0) / sample.length);
  let height = p.height ?? (p.infer_image_dimensions ? Math.min(mean((s) => s.height), p.infer_image_max_height) : sample[0].height);
  let width = p.width ?? (p.infer_image_dimensions ? Math.min(mean((s) => s.width), p.infer_image_max_width) : sample[0].width);
  if (p.requires_equal_dimensions && height !== width) height = width = Math.min(height, width);
  let channels = p.num_channels;
  if (channels === null) {
    if (!p.infer_image_num_channels) channels = sample[0].channels;
    else {
      const count = (c: number) => sample.filter((s) => s.channels === c).length;
      channels = [1, 2, 4].find((c) => count(c) > sample.length / 2) ?? 3;
    }
  }
  return { height, width, channels };
}

/**
 * Decodes every cell of an image column to the target size (async: libvips decodes off the event
 * loop). A missing cell is status 1; a cell that names no readable image (missing file, corrupt or
 * truncated data, not an image, a path outside the root) is status 2 with its reason, never an
 * exception: the preprocessor decides between the missing-value strategy and a row error. Memory
 * is one byte per pixel of the column plus the few images in flight.
 */
export async function decodeImageColumn(cells: readonly (string | null)[], target: ImageTarget, options: DecodeImageOptions): Promise<DecodedImageColumn> {
  const n = cells.length;
  const size = target.height * target.width * target.channels;
  const pixels = new Uint8Array(n * size);
  const status = new Uint8Array(n);
  const problems = new Map<number, string>();
  const root = options.root === null ? null : await resolveImageRoot(options.root);
  await forEachConcurrently(n, async (row) => {
    const cell = cells[row];
    if (cell === null || cell.trim() === '') {
      status[row] = IMAGE_MISSING;
      return;
    }
    try {
      await decodeImageInto(await cellBytes(cell, root), target, pixels, row * size);
    } catch (error) {
      if (!isCellProblem(error)) throw error;
      status[row] = error instanceof ImagePathRefused ? IMAGE_REFUSED : IMAGE_UNREADABLE;
      pixels.fill(0, row * size, (row + 1) * size);
      problems.set(row, (error as Error).message);
    }
  });
  return { ...target, pixels, status, problems };
}
