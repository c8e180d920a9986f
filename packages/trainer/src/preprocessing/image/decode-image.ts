import sharp from 'sharp';

/** The formats decoded, by file signature; anything else (SVG among them: it can reference files) is refused before libvips sees it. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'heif';

/** Not an image, or an image that cannot be decoded: the message is for a row error or the report. */
export class ImageDecodeError extends Error {}

/**
 * Largest image decoded (2^25 ≈ 33.5 megapixels, ~5,800 × 5,800): a few kilobytes of PNG can claim
 * 16,384² pixels (sharp's own limit is 2^28), which crop_or_pad would hold raw, ~800 MB for one
 * /predict row. Photos from cameras and scanners fit.
 */
export const MAX_IMAGE_PIXELS = 1 << 25;

export function imageFormat(b: Uint8Array): ImageFormat | 'bmp' | null {
  if (b.length < 12) return null;
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a)) return 'tiff';
  if (ascii(4, 8) === 'ftyp' && ['avif', 'avis', 'heic', 'heix', 'mif1'].includes(ascii(8, 12))) return 'heif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  return null;
}

function checkFormat(bytes: Buffer): ImageFormat {
  const format = imageFormat(bytes);
  if (format === 'bmp') throw new ImageDecodeError('is a BMP image, which is not supported yet (use PNG, JPEG, WebP, GIF or TIFF)');
  if (format === null) throw new ImageDecodeError('is not an image file (PNG, JPEG, WebP, GIF, TIFF or AVIF)');
  return format;
}

/** Size and channels from the header only (what inference of dimensions samples). */
export async function readImageHeader(bytes: Buffer): Promise<{ height: number; width: number; channels: number }> {
  const format = checkFormat(bytes);
  try {
    const meta = await sharp(bytes, { failOn: 'error' }).metadata();
    if (!meta.width || !meta.height || !meta.channels) throw new Error('no size in the header');
    return { height: meta.height, width: meta.width, channels: meta.channels };
  } catch (error) {
    throw decodeFailure(format, error);
  }
}

export interface ImageTarget {
  height: number;
  width: number;
  channels: number;
  resizeMethod: 'interpolate' | 'crop_or_pad';
}

/**
 * Decodes an image to 8-bit height × width × channels (row-major HWC), written into `out` at
 * `offset`. interpolate resizes with a bilinear kernel (torchvision's default); crop_or_pad keeps
 * the pixels, centre-cropping or zero-padding each axis (an odd pixel goes after). Channels are converted as Ludwig does: RGB → gray with ITU-R 601 weights, gray
 * replicated to RGB, alpha dropped or added opaque.
 */
export async function decodeImageInto(bytes: Buffer, target: ImageTarget, out: Uint8Array, offset: number): Promise<void> {
  const format = checkFormat(bytes);
  let data: Buffer;
  let info: { width: number; height: number; channels: number };
  try {
    let pipeline = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS });
    if (target.resizeMethod === 'interpolate') pipeline = pipeline.resize(target.width, target.height, { fit: 'fill', kernel: 'linear' });
    ({ data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
  } catch (error) {
    throw decodeFailure(format, error);
  }
  const converted = convertChannels(data, info.width * info.height, info.channels, target.channels);
  if (info.width === target.width && info.height === target.height) {
    out.set(converted, offset);
    return;
  }
  cropOrPad(converted, info.height, info.width, target, out, offset);
}

function decodeFailure(format: ImageFormat, error: unknown): ImageDecodeError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new ImageDecodeError(`is a ${format.toUpperCase()} file that cannot be decoded (${reason.replace(/^Input (buffer|file) /i, '')})`);
}

/** HWC pixels with `from` channels → `to` channels. */
export function convertChannels(src: Uint8Array, pixels: number, from: number, to: number): Uint8Array {
  if (from === to) return src;
  const out = new Uint8Array(pixels * to);
  for (let p = 0; p < pixels; p++) {
    const s = p * from;
    const color = from >= 3;
    const gray = color ? Math.round(0.2989 * src[s] + 0.587 * src[s + 1] + 0.114 * src[s + 2]) : src[s];
    const alpha = from === 2 ? src[s + 1] : from === 4 ? src[s + 3] : 255;
    const d = p * to;
    if (to === 1) out[d] = gray;
    else if (to === 2) {
      out[d] = gray;
      out[d + 1] = alpha;
    } else {
      out[d] = color ? src[s] : gray;
      out[d + 1] = color ? src[s + 1] : gray;
      out[d + 2] = color ? src[s + 2] : gray;
      if (to === 4) out[d + 3] = alpha;
    }
  }
  return out;
}

/** Centre crop or zero pad of an HWC image to the target size (per axis: larger crops, smaller pads). */
function cropOrPad(src: Uint8Array, height: number, width: number, target: ImageTarget, out: Uint8Array, offset: number): void {
  const c = target.channels;
  const region = out.subarray(offset, offset + target.height * target.width * c);
  region.fill(0);
  // Offsets of the source window (crop) and of the destination window (pad).
  const srcTop = Math.max(0, Math.floor((height - target.height) / 2));
  const srcLeft = Math.max(0, Math.floor((width - target.width) / 2));
  const dstTop = Math.max(0, Math.floor((target.height - height) / 2));
  const dstLeft = Math.max(0, Math.floor((target.width - width) / 2));
  const rows = Math.min(height, target.height);
  const cols = Math.min(width, target.width);
  for (let y = 0; y < rows; y++) {
    const from = ((srcTop + y) * width + srcLeft) * c;
    region.set(src.subarray(from, from + cols * c), ((dstTop + y) * target.width + dstLeft) * c);
  }
}
