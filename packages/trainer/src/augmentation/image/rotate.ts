import type { ImageAugmentationOpOf } from '@overture/config';
import { roundHalfEven, type AugmentationOp, type ImageBatch } from './image-batch.js';

/**
 * Rotates every image by `degrees` counter-clockwise about its centre (torchvision `rotate`,
 * expand off): each output pixel samples the input at its inversely rotated position, bilinearly,
 * with black outside the image (grid_sample's zero padding, align_corners off: pixel centres at
 * i − (w − 1)/2). torchvision's default is nearest-neighbour; bilinear keeps thin strokes from
 * breaking into steps at small angles. The sampling plan is the same for every image of the batch,
 * so it is made once and the images are one fused loop over it.
 */
export function rotate(batch: ImageBatch, degrees: number, scratch?: Uint8Array): void {
  const { pixels, count, height: h, width: w, channels: c } = batch;
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const area = h * w;
  // Per output pixel: the offsets of its four source pixels and their weights.
  const taps = new Int32Array(area * 4);
  const weights = new Float32Array(area * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const p = (y * w + x) * 4;
      // A tap outside the image reads pixel 0 with weight 0: black, without a branch in the image loop.
      for (let t = 0; t < 4; t++) {
        const px = x0 + (t & 1);
        const py = y0 + (t >> 1);
        const inside = px >= 0 && px < w && py >= 0 && py < h;
        taps[p + t] = inside ? (py * w + px) * c : 0;
        weights[p + t] = inside ? ((t & 1) ? fx : 1 - fx) * ((t >> 1) ? fy : 1 - fy) : 0;
      }
    }
  }
  const size = area * c;
  const out = scratch && scratch.length >= size ? scratch : new Uint8Array(size);
  for (let i = 0; i < count; i++) {
    const image = i * size;
    for (let p = 0; p < area; p++) {
      const q = p * 4;
      const t0 = taps[q], t1 = taps[q + 1], t2 = taps[q + 2], t3 = taps[q + 3];
      const w0 = weights[q], w1 = weights[q + 1], w2 = weights[q + 2], w3 = weights[q + 3];
      for (let k = 0; k < c; k++) {
        const v = w0 * pixels[image + t0 + k] + w1 * pixels[image + t1 + k] + w2 * pixels[image + t2 + k] + w3 * pixels[image + t3 + k];
        out[p * c + k] = Math.min(255, roundHalfEven(v));
      }
    }
    pixels.set(out.subarray(0, size), image);
  }
}

/** Ludwig's `RandomRotate`: an angle uniform in [−degree, +degree] for the whole batch. */
export function randomRotate(params: ImageAugmentationOpOf<'random_rotate'>): AugmentationOp {
  let scratch: Uint8Array | undefined;
  return {
    draw: (rng) => rng.next() * 2 * params.degree - params.degree,
    apply: (batch, degrees) => {
      scratch ??= new Uint8Array(batch.height * batch.width * batch.channels);
      rotate(batch, degrees, scratch);
    },
  };
}
