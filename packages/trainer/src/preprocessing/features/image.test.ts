import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOvertureError, type ImagePreprocessing } from '@overture/config';
import { convertChannels } from '../image/decode-image.js';
import { decodeMediaInputs } from '../media/decode-inputs.js';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { ImageMetadata } from '../types.js';

let dir: string;
let outside: string;
let pngBytes: Buffer;

/** A gray image whose pixel (y, x) is `value(y, x)`. */
function grayPng(height: number, width: number, value: (y: number, x: number) => number): Promise<Buffer> {
  const pixels = Buffer.alloc(height * width);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = value(y, x);
  return sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'overture-images-'));
  outside = mkdtempSync(path.join(tmpdir(), 'overture-outside-'));
  mkdirSync(path.join(dir, 'img'));
  pngBytes = await grayPng(4, 4, (y, x) => y * 4 + x);
  writeFileSync(path.join(dir, 'img', 'a.png'), pngBytes);
  writeFileSync(path.join(dir, 'img', 'b.png'), await grayPng(4, 4, () => 200));
  // 6×2 RGB: red on the left half, blue on the right.
  const rgb = Buffer.alloc(2 * 6 * 3);
  for (let p = 0; p < 12; p++) rgb.set(p % 6 < 3 ? [255, 0, 0] : [0, 0, 255], p * 3);
  writeFileSync(path.join(dir, 'img', 'rgb.png'), await sharp(rgb, { raw: { width: 6, height: 2, channels: 3 } }).png().toBuffer());
  const jpeg = await sharp(Buffer.alloc(16 * 16 * 3, 128), { raw: { width: 16, height: 16, channels: 3 } }).jpeg().toBuffer();
  writeFileSync(path.join(dir, 'img', 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  const corrupt = Buffer.from(await grayPng(8, 8, (y, x) => (x * 31 + y * 17) % 256));
  for (let i = 40; i < corrupt.length - 16; i++) corrupt[i] ^= 0x5a;
  writeFileSync(path.join(dir, 'img', 'corrupt.png'), corrupt);
  writeFileSync(path.join(dir, 'img', 'notes.txt'), 'not an image at all\n');
  writeFileSync(path.join(outside, 'secret.png'), pngBytes);
  symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'img', 'link.png'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const image = (p: Partial<ImagePreprocessing> = {}) => input('photo', 'image', p);
const config = (p: Partial<ImagePreprocessing> = {}) => makeConfig([image(p)], [output('y', 'category')], allTrain);

async function train(cells: (string | null)[], p: Partial<ImagePreprocessing> = {}) {
  const table = trainTable({ photo: cells, y: cells.map((_, i) => (i % 2 ? 'p' : 'q')) });
  const images = await decodeMediaInputs(table, config(p), { root: dir });
  return preprocessForTraining(table, config(p), { seed: 42, images });
}

describe('image features', () => {
  it('decodes PNG paths relative to the dataset folder into 0–255 HWC pixels and infers size and channels', async () => {
    const { dataset, metadata } = await train(['img/a.png', 'img/b.png']);
    const meta = metadata.photo as ImageMetadata;
    expect([meta.height, meta.width, meta.num_channels]).toEqual([4, 4, 1]);
    expect(dataset.features.photo.width).toBe(16);
    expect(floats(dataset.features.photo)).toEqual([...Array.from({ length: 16 }, (_, i) => i), ...new Array(16).fill(200)]);
  });

  it('reads the same image from an absolute path inside the folder, a data URI and bare base64', async () => {
    const base64 = pngBytes.toString('base64');
    const { dataset } = await train([path.join(dir, 'img', 'a.png'), `data:image/png;base64,${base64}`, base64]);
    const values = floats(dataset.features.photo);
    expect(values.slice(16, 32)).toEqual(values.slice(0, 16));
    expect(values.slice(32, 48)).toEqual(values.slice(0, 16));
  });

  it('converts channels as configured (RGB to gray with ITU-R 601 weights, gray to RGB)', async () => {
    const gray = await train(['img/rgb.png', 'img/rgb.png'], { num_channels: 1 });
    expect(floats(gray.dataset.features.photo).slice(0, 6)).toEqual([76, 76, 76, 29, 29, 29]);
    const rgb = await train(['img/a.png', 'img/rgb.png'], { num_channels: 3, height: 2, width: 6 });
    expect((rgb.metadata.photo as ImageMetadata).num_channels).toBe(3);
    expect(floats(rgb.dataset.features.photo).slice(36, 42)).toEqual([255, 0, 0, 255, 0, 0]);
  });

  it('converts between 1, 2, 3 and 4 channels: alpha dropped or added opaque, gray replicated, colour weighted', () => {
    const rgba = Uint8Array.from([255, 0, 0, 128, 0, 0, 255, 7]);
    expect(Array.from(convertChannels(rgba, 2, 4, 3))).toEqual([255, 0, 0, 0, 0, 255]);
    expect(Array.from(convertChannels(rgba, 2, 4, 2))).toEqual([76, 128, 29, 7]);
    expect(Array.from(convertChannels(rgba, 2, 4, 1))).toEqual([76, 29]);
    const grayAlpha = Uint8Array.from([10, 200, 20, 100]);
    expect(Array.from(convertChannels(grayAlpha, 2, 2, 4))).toEqual([10, 10, 10, 200, 20, 20, 20, 100]);
    expect(Array.from(convertChannels(Uint8Array.from([9, 3]), 2, 1, 2))).toEqual([9, 255, 3, 255]);
  });

  it('resizes to the configured size: interpolate stretches, crop_or_pad centre-crops or pads with zeros', async () => {
    const stretched = await train(['img/b.png', 'img/b.png'], { height: 2, width: 8 });
    expect(floats(stretched.dataset.features.photo)).toEqual(new Array(32).fill(200));
    const padded = await train(['img/b.png', 'img/a.png'], { height: 2, width: 6, resize_method: 'crop_or_pad' });
    // Rows 1–2 of the 4×4 image (centre crop in height), one zero column each side (pad in width).
    expect(floats(padded.dataset.features.photo).slice(12, 24)).toEqual([0, 4, 5, 6, 7, 0, 0, 8, 9, 10, 11, 0]);
  });

  it('decodes JPEG, GIF, TIFF and WebP files, and refuses BMP (libvips here has no BMP loader) by name', async () => {
    const gray = Buffer.alloc(4 * 4 * 3, 120);
    const raw = () => sharp(gray, { raw: { width: 4, height: 4, channels: 3 } });
    const files = { 'img/c.jpg': await raw().jpeg({ quality: 100 }).toBuffer(), 'img/c.gif': await raw().gif().toBuffer(), 'img/c.tiff': await raw().tiff().toBuffer(), 'img/c.webp': await raw().webp({ lossless: true }).toBuffer() };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
    // A 1×1 24-bit BMP: the 14-byte file header, the 40-byte info header, one padded pixel.
    const bmp = Buffer.alloc(58);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(58, 2); bmp.writeUInt32LE(54, 10); bmp.writeUInt32LE(40, 14); bmp.writeInt32LE(1, 18); bmp.writeInt32LE(1, 22); bmp.writeUInt16LE(1, 26); bmp.writeUInt16LE(24, 28);
    writeFileSync(path.join(dir, 'img', 'c.bmp'), bmp);
    const { dataset, report } = await train([...Object.keys(files), 'img/c.bmp'], { num_channels: 3, missing_value_strategy: 'ffill' });
    const values = floats(dataset.features.photo);
    for (let row = 0; row < 4; row++) {
      for (const v of values.slice(row * 48, row * 48 + 48)) expect(Math.abs(v - 120), Object.keys(files)[row]).toBeLessThanOrEqual(2);
    }
    expect(report.unreadableImages?.photo).toEqual([{ row: 5, message: 'is a BMP image, which is not supported yet (use PNG, JPEG, WebP, GIF or TIFF)' }]);
  });

  it("takes the first image's size and channels when inference is off, and the smaller side with requires_equal_dimensions", async () => {
    const first = await train(['img/rgb.png', 'img/a.png', 'img/a.png'], { infer_image_dimensions: false, infer_image_num_channels: false });
    expect([first.metadata.photo].map((m) => [(m as ImageMetadata).height, (m as ImageMetadata).width, (m as ImageMetadata).num_channels])).toEqual([[2, 6, 3]]);
    const square = await train(['img/rgb.png', 'img/rgb.png'], { requires_equal_dimensions: true });
    expect([(square.metadata.photo as ImageMetadata).height, (square.metadata.photo as ImageMetadata).width]).toEqual([2, 2]);
  });

  it('infers the size as the rounded mean of the sample, capped by infer_image_max_height/width', async () => {
    const { metadata } = await train(['img/a.png', 'img/rgb.png', 'img/rgb.png'], { infer_image_max_width: 5 });
    const meta = metadata.photo as ImageMetadata;
    // Heights 4, 2, 2 → 3; widths 4, 6, 6 → 5 (capped at 5); channels 1, 3, 3 → the majority is not 1, 2 or 4: 3.
    expect([meta.height, meta.width, meta.num_channels]).toEqual([3, 5, 3]);
  });

  it('treats a missing file, a corrupt PNG, a truncated JPEG and a non-image file as missing in training, reporting why', async () => {
    const { dataset, report } = await train(['img/a.png', 'img/nothing.png', 'img/corrupt.png', 'img/truncated.jpg', 'img/notes.txt', null, 'img/b.png'], { missing_value_strategy: 'bfill', height: 4, width: 4, num_channels: 1 });
    expect(report.unparseableValues.photo).toBe(4);
    expect(report.missingValuesFilled.photo).toBe(5);
    const examples = report.unreadableImages?.photo ?? [];
    expect(examples.map((e) => e.row)).toEqual([2, 3, 4, 5]);
    expect(examples[0].message).toBe("names a file that does not exist ('img/nothing.png')");
    expect(examples[1].message).toMatch(/^is a PNG file that cannot be decoded/);
    expect(examples[2].message).toMatch(/^is a JPEG file that cannot be decoded/);
    expect(examples[3].message).toBe('is not an image file (PNG, JPEG, WebP, GIF, TIFF or AVIF)');
    // bfill: every missing row takes the next readable image, b.png.
    const values = floats(dataset.features.photo);
    for (let row = 1; row <= 5; row++) expect(values.slice(row * 16, row * 16 + 16)).toEqual(new Array(16).fill(200));
  });

  it('refuses an image of more pixels than MAX_IMAGE_PIXELS before decoding it (a small PNG claiming a huge canvas)', async () => {
    const huge = await sharp({ create: { width: 6000, height: 6000, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png({ compressionLevel: 9 }).toBuffer();
    expect(huge.length).toBeLessThan(200_000);
    writeFileSync(path.join(dir, 'img', 'huge.png'), huge);
    const { report } = await train(['img/a.png', 'img/huge.png', 'img/b.png'], { missing_value_strategy: 'bfill', height: 4, width: 4, num_channels: 1, resize_method: 'crop_or_pad' });
    expect(report.unreadableImages?.photo?.map((e) => e.row)).toEqual([2]);
    expect(report.unreadableImages?.photo?.[0].message).toMatch(/^is a PNG file that cannot be decoded \(.*pixel limit/i);
  });

  it('drops rows whose image cannot be read with drop_row', async () => {
    const { dataset, report } = await train(['img/a.png', 'img/corrupt.png', 'img/b.png', 'img/a.png'], { missing_value_strategy: 'drop_row' });
    expect(dataset.rowCount).toBe(3);
    expect(report.droppedRows).toEqual([{ feature: 'photo', reason: 'missing_value', count: 1 }]);
  });

  it('fills with the training mean colour (fill_with_mean) or a gray level (fill_with_const)', async () => {
    const mean = await train(['img/a.png', null, 'img/b.png'], { missing_value_strategy: 'fill_with_mean' });
    // Mean of 0…15 and of 200: (7.5 + 200) / 2 = 103.75, stored in metadata, rounded in the 8-bit pixels.
    expect((mean.metadata.photo as ImageMetadata).fill_pixel).toEqual([103.75]);
    expect(mean.dataset.features.photo.dtype).toBe('uint8');
    expect(floats(mean.dataset.features.photo).slice(16, 18)).toEqual([104, 104]);
    const constant = await train(['img/a.png', null], { missing_value_strategy: 'fill_with_const', fill_value: 9 });
    expect(floats(constant.dataset.features.photo).slice(16, 18)).toEqual([9, 9]);
  });

  it('stops training on a path outside the dataset folder, a symlink out of it included, before reading it', async () => {
    for (const cell of ['../' + path.basename(outside) + '/secret.png', path.join(outside, 'secret.png'), 'img/link.png']) {
      const error = await train(['img/a.png', cell]).then(() => null, (e: unknown) => e);
      expect(isOvertureError(error) && error.message).toMatch(/^Image column 'photo': row 2 names a path outside the dataset's folder/);
    }
  });

  it("reads a file inside the folder whose name starts with '..'", async () => {
    writeFileSync(path.join(dir, '..dots.png'), pngBytes);
    const { dataset } = await train(['..dots.png', 'img/a.png']);
    expect(floats(dataset.features.photo).slice(0, 16)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('says when no image can be read to infer the size', async () => {
    const error = await train(['img/notes.txt', null]).then(() => null, (e: unknown) => e);
    expect(isOvertureError(error) && error.message).toBe(
      "No image of column 'photo' could be read to infer the image size: row 1 is not an image file (PNG, JPEG, WebP, GIF, TIFF or AVIF). Set preprocessing.height, width and num_channels, or fix the column.",
    );
  });

  it('refuses ImageNet standardization of gray images', async () => {
    const error = await train(['img/a.png', 'img/b.png'], { standardize_image: 'imagenet1k' }).then(() => null, (e: unknown) => e);
    expect(isOvertureError(error) && error.message).toMatch(/standardize_image imagenet1k needs RGB images \(3 channels\); these have 1/);
  });

  it('predicts with the stored size: data URIs decode, paths are refused without a root, unreadable images are row errors', async () => {
    const { metadata } = await train(['img/a.png', 'img/b.png']);
    const rgb = await sharp(Buffer.alloc(8 * 8 * 3, 90), { raw: { width: 8, height: 8, channels: 3 } }).webp({ lossless: true }).toBuffer();
    const table = makeTable({ photo: [`data:image/webp;base64,${rgb.toString('base64')}`, 'img/a.png', 'data:image/png;base64,AAAA', null] });
    const images = await decodeMediaInputs(table, config(), { root: null, metadata });
    const { dataset, rowErrors } = preprocessForPrediction(table, config(), metadata, { images });
    expect(dataset.features.photo.width).toBe(16);
    // Converted to one channel and resized to 4×4.
    expect(floats(dataset.features.photo).slice(0, 16)).toEqual(new Array(16).fill(90));
    expect(rowErrors).toEqual([
      { row: 2, message: "'photo' is a file path, and paths are not read here: send the image as base64 or a data URI (data:image/png;base64,…)." },
      { row: 3, message: "'photo' is not an image file (PNG, JPEG, WebP, GIF, TIFF or AVIF)." },
    ]);
  });
});
