import { describe, expect, it } from 'vitest';
import { blur, gaussianKernel } from './blur.js';
import { adjustBrightness, adjustContrast } from './color.js';
import { flipHorizontal, flipVertical } from './flip.js';
import { roundHalfEven, type ImageBatch } from './image-batch.js';
import { rotate } from './rotate.js';

const batchOf = (values: number[], count: number, height: number, width: number, channels: number): ImageBatch =>
  ({ pixels: Uint8Array.from(values), count, height, width, channels });

/** Two 2×3 RGB images: pixel (y, x) of image i has channels 100i + 10y + x, +1, +2. */
const twoImages = () => {
  const values: number[] = [];
  for (let i = 0; i < 2; i++) for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) values.push(100 * i + 10 * y + x, 100 * i + 10 * y + x + 1, 100 * i + 10 * y + x + 2);
  return batchOf(values, 2, 2, 3, 3);
};

describe('image augmentation operations', () => {
  it('flips every image of the batch left to right, keeping each pixel\'s channels together', () => {
    const batch = twoImages();
    flipHorizontal(batch);
    expect(Array.from(batch.pixels)).toEqual([
      2, 3, 4, 1, 2, 3, 0, 1, 2, 12, 13, 14, 11, 12, 13, 10, 11, 12,
      102, 103, 104, 101, 102, 103, 100, 101, 102, 112, 113, 114, 111, 112, 113, 110, 111, 112,
    ]);
  });

  it('flips every image of the batch top to bottom', () => {
    const batch = twoImages();
    flipVertical(batch);
    expect(Array.from(batch.pixels)).toEqual([
      10, 11, 12, 11, 12, 13, 12, 13, 14, 0, 1, 2, 1, 2, 3, 2, 3, 4,
      110, 111, 112, 111, 112, 113, 112, 113, 114, 100, 101, 102, 101, 102, 103, 102, 103, 104,
    ]);
  });

  it('rotates by 90° counter-clockwise exactly (as torchvision: positive angles turn left) and 0° changes nothing', () => {
    // 3×3 gray: 1 2 3 / 4 5 6 / 7 8 9 → 3 6 9 / 2 5 8 / 1 4 7.
    const batch = batchOf([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 3, 3, 1);
    rotate(batch, 90);
    expect(Array.from(batch.pixels)).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    const same = batchOf([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 3, 3, 1);
    rotate(same, 0);
    expect(Array.from(same.pixels)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rotates about the centre with black corners: a flat image keeps its centre, loses its corners at 45°, and its mean drops by about the corner area', () => {
    const side = 31;
    const batch = batchOf(new Array(side * side).fill(200), 1, side, side, 1);
    rotate(batch, 45);
    const at = (y: number, x: number) => batch.pixels[y * side + x];
    expect(at(15, 15)).toBe(200);
    expect(at(0, 0)).toBe(0);
    expect(at(side - 1, side - 1)).toBe(0);
    // A square turned by 45° inside itself covers its inscribed part: 2·(√2 − 1) ≈ 0.83 of the area.
    const mean = batch.pixels.reduce((s, v) => s + v, 0) / (side * side) / 200;
    expect(mean).toBeGreaterThan(0.78);
    expect(mean).toBeLessThan(0.88);
    for (const v of batch.pixels) expect(v === 200 || v < 200).toBe(true);
  });

  it("blurs with torchvision's default Gaussian: the 3-tap kernel is sigma 0.8's, a flat image is unchanged, a point spreads symmetrically and keeps its mass", () => {
    const kernel = Array.from(gaussianKernel(3));
    const e = Math.exp(-0.5 / 0.64);
    expect(kernel[0]).toBeCloseTo(e / (1 + 2 * e), 6);
    expect(kernel[1]).toBeCloseTo(1 / (1 + 2 * e), 6);
    const flat = batchOf(new Array(25).fill(77), 1, 5, 5, 1);
    blur(flat, 3);
    expect(Array.from(flat.pixels)).toEqual(new Array(25).fill(77));
    const point = new Array(49).fill(0);
    point[24] = 250;
    const batch = batchOf(point, 1, 7, 7, 1);
    blur(batch, 5);
    const at = (y: number, x: number) => batch.pixels[y * 7 + x];
    expect(at(3, 3)).toBeLessThan(250);
    expect(at(3, 3)).toBeGreaterThan(at(3, 2));
    expect(at(3, 2)).toBe(at(3, 4));
    expect(at(2, 3)).toBe(at(3, 2));
    expect(at(1, 1)).toBe(at(5, 5));
    const mass = batch.pixels.reduce((s, v) => s + v, 0);
    expect(Math.abs(mass - 250)).toBeLessThan(15);
    // The centre value is 250 · k[2]² of the 5-tap kernel, rounded.
    const k5 = gaussianKernel(5);
    expect(at(3, 3)).toBe(Math.round(250 * k5[2] * k5[2]));
  });

  it('blurs with reflect padding: an edge column next to a bright column picks it up from both sides', () => {
    // 1×3 gray row 0 100 0 seen as 3 rows: the left column reflects the middle one on both sides.
    const batch = batchOf([0, 100, 0, 0, 100, 0, 0, 100, 0], 1, 3, 3, 1);
    blur(batch, 3);
    const k = gaussianKernel(3);
    expect(Array.from(batch.pixels.subarray(0, 3))).toEqual([roundHalfEven(200 * k[0]), roundHalfEven(100 * k[1]), roundHalfEven(200 * k[0])]);
  });

  it('scales brightness as adjust_brightness: × factor, clamped at 255, truncated', () => {
    const batch = batchOf([0, 10, 100, 101, 200, 255], 1, 1, 2, 3);
    adjustBrightness(batch, 1.5);
    expect(Array.from(batch.pixels)).toEqual([0, 15, 150, 151, 255, 255]);
    const darker = batchOf([0, 10, 100, 101, 200, 255], 1, 1, 2, 3);
    adjustBrightness(darker, 0.5);
    expect(Array.from(darker.pixels)).toEqual([0, 5, 50, 50, 100, 127]);
  });

  it('scales contrast about each image\'s own mean gray level (factor 0 gives that gray, 1 changes nothing, 2 doubles the distance, clamped)', () => {
    // Gray image 50 150 → mean 100; a second image 0 0 has mean 0 and stays black.
    const gray = () => batchOf([50, 150, 0, 0], 2, 1, 2, 1);
    const at = (f: number) => { const b = gray(); adjustContrast(b, f); return Array.from(b.pixels); };
    expect(at(0)).toEqual([100, 100, 0, 0]);
    expect(at(1)).toEqual([50, 150, 0, 0]);
    expect(at(2)).toEqual([0, 200, 0, 0]);
    expect(at(3)).toEqual([0, 250, 0, 0]);
    // RGB: the mean is of 0.2989 R + 0.587 G + 0.114 B truncated per pixel: pure red 200 is gray 59, black 0 → mean 29.5.
    const rgb = batchOf([200, 0, 0, 0, 0, 0], 1, 1, 2, 3);
    adjustContrast(rgb, 0);
    expect(Array.from(rgb.pixels)).toEqual([29, 29, 29, 29, 29, 29]);
  });
});
