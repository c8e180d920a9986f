import type { AugmentationOp, ImageBatch } from './image-batch.js';

/** Mirrors every image left to right (torchvision `hflip`): pixel x swaps with width − 1 − x, channels kept together. */
export function flipHorizontal(batch: ImageBatch): void {
  const { pixels, count, height, width, channels: c } = batch;
  const rowLength = width * c;
  for (let row = 0; row < count * height; row++) {
    const base = row * rowLength;
    for (let x = 0, mirrored = width - 1; x < mirrored; x++, mirrored--) {
      const a = base + x * c;
      const b = base + mirrored * c;
      for (let k = 0; k < c; k++) {
        const t = pixels[a + k];
        pixels[a + k] = pixels[b + k];
        pixels[b + k] = t;
      }
    }
  }
}

/** Mirrors every image top to bottom (torchvision `vflip`): whole rows swap. */
export function flipVertical(batch: ImageBatch): void {
  const { pixels, count, height, width, channels } = batch;
  const rowLength = width * channels;
  const imageLength = height * rowLength;
  const scratch = new Uint8Array(rowLength);
  for (let i = 0; i < count; i++) {
    for (let top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
      const a = i * imageLength + top * rowLength;
      const b = i * imageLength + bottom * rowLength;
      scratch.set(pixels.subarray(a, a + rowLength));
      pixels.copyWithin(a, b, b + rowLength);
      pixels.set(scratch, b);
    }
  }
}

export const randomHorizontalFlip = (): AugmentationOp => ({ apply: flipHorizontal });
export const randomVerticalFlip = (): AugmentationOp => ({ apply: flipVertical });
