import sharp from 'sharp';
import type { ImageColumnProfile } from '@overture/config';
import { imageFormat, MAX_IMAGE_PIXELS, readImageHeader } from '../preprocessing/image/decode-image.js';
import { imageKind } from '../preprocessing/image/image-source.js';
import { mediaBytes, resolveMediaRoot } from '../preprocessing/media/media-source.js';

export interface ImageProfileOptions {
  /** Cells looked at (the first non-missing ones). */
  sample?: number;
  /** Thumbnails made of the first readable pictures. */
  thumbnails?: number;
  /** Longest side of a thumbnail, in pixels. */
  thumbnailSize?: number;
}

export interface ImageColumnReport {
  profile: ImageColumnProfile;
  /** PNG thumbnails, in profile order (`profile.thumbnails` of them). */
  thumbnails: Buffer[];
}

/**
 * What an image column's first pictures look like: their sizes, channels and encodings (what
 * Ludwig's `infer_image_dimensions`/`infer_image_num_channels` sample to pick a size), how many
 * cannot be read, and small PNG thumbnails to show beside the profile. Cells are read by the rules
 * preprocessing reads them by (data URIs or base64 anywhere; paths only inside `root`, and none when
 * it is null), with the same size and pixel caps, so profiling reads nothing training would refuse.
 */
export async function profileImageColumn(cells: readonly (string | null)[], root: string | null, options: ImageProfileOptions = {}): Promise<ImageColumnReport> {
  const sample = options.sample ?? 100;
  const wanted = options.thumbnails ?? 6;
  const size = options.thumbnailSize ?? 96;
  const realRoot = root === null ? null : await resolveMediaRoot(root, 'image');
  const sizes = new Counter<string>();
  const channels = new Counter<number>();
  const formats = new Counter<string>();
  const thumbnails: Buffer[] = [];
  let sampled = 0;
  let unreadable = 0;
  for (const cell of cells) {
    if (sampled >= sample) break;
    if (cell === null || cell.trim() === '') continue;
    sampled++;
    try {
      const bytes = await mediaBytes(cell, realRoot, imageKind);
      const header = await readImageHeader(bytes);
      sizes.add(`${header.width}x${header.height}`);
      channels.add(header.channels);
      formats.add(imageFormat(bytes) ?? 'unknown');
      if (thumbnails.length < wanted) {
        // Small pictures (digits, icons) are enlarged pixel by pixel so they stay legible; larger ones shrink smoothly.
        const kernel = header.width < size && header.height < size ? 'nearest' : 'lanczos3';
        thumbnails.push(await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).resize(size, size, { fit: 'inside', kernel }).png().toBuffer());
      }
    } catch {
      unreadable++;
    }
  }
  return {
    profile: {
      sampled, unreadable,
      sizes: sizes.top(10).map(([key, count]) => {
        const [width, height] = key.split('x').map(Number);
        return { width, height, count };
      }),
      channels: channels.top(4).map(([value, count]) => ({ channels: value, count })),
      formats: formats.top(8).map(([format, count]) => ({ format, count })),
      thumbnails: thumbnails.length,
    },
    thumbnails,
  };
}

class Counter<K> {
  private readonly counts = new Map<K, number>();
  add(key: K): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  /** Most common first; ties in first-seen order. */
  top(n: number): [K, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, n);
  }
}
