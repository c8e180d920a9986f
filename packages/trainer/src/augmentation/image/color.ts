import { OvertureError } from '@overture/config';
import { blendToByte, type ImageBatch, type ImageShape } from './image-batch.js';

/** torchvision's colour adjustments take gray or RGB images only (`_assert_channels(img, [1, 3])`). */
export function assertGrayOrRgb(op: string, shape: ImageShape, feature: string): void {
  if (shape.channels === 1 || shape.channels === 3) return;
  throw new OvertureError('invalid_config', `Image feature '${feature}': ${op} needs gray or RGB images (1 or 3 channels); these have ${shape.channels}.`, [
    { path: `${feature}.augmentation`, message: `${op} needs 1 or 3 channels, not ${shape.channels}` },
  ]);
}

/** torchvision `adjust_brightness`: each value × factor, clamped and truncated; one 256-entry table for the batch. */
export function adjustBrightness(batch: ImageBatch, factor: number): void {
  const f = Math.fround(factor);
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = blendToByte(Math.fround(f * v));
  const { pixels } = batch;
  const n = batch.count * batch.height * batch.width * batch.channels;
  for (let i = 0; i < n; i++) pixels[i] = table[pixels[i]];
}

/**
 * torchvision `adjust_contrast`: each image blended with its mean gray level, factor·v + (1 −
 * factor)·mean, clamped and truncated. The gray level of an RGB pixel is ITU-R 601's
 * 0.2989 R + 0.587 G + 0.114 B truncated to uint8 before the mean, as `rgb_to_grayscale` does.
 */
export function adjustContrast(batch: ImageBatch, factor: number): void {
  const { pixels, count, height, width, channels: c } = batch;
  const area = height * width;
  const size = area * c;
  const f = Math.fround(factor);
  const table = new Uint8Array(256);
  for (let i = 0; i < count; i++) {
    const image = i * size;
    let sum = 0;
    if (c === 3) {
      for (let p = image; p < image + size; p += 3) sum += Math.trunc(Math.fround(0.2989 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2]));
    } else {
      for (let p = image; p < image + size; p++) sum += pixels[p];
    }
    const offset = Math.fround(Math.fround(1 - f) * Math.fround(sum / area));
    for (let v = 0; v < 256; v++) table[v] = blendToByte(Math.fround(f * v) + offset);
    for (let p = image; p < image + size; p++) pixels[p] = table[pixels[p]];
  }
}
