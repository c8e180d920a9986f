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
  // Per output pixel: the offsets of its four source pixels (−1 outside the image) and their weights.
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
      const corners = [[x0, y0, (1 - fx) * (1 - fy)], [x0 + 1, y0, fx * (1 - fy)], [x0, y0 + 1, (1 - fx) * fy], [x0 + 1, y0 + 1, fx * fy]] as const;
      for (let t = 0; t < 4; t++) {
        const [px, py, weight] = corners[t];
        const inside = px >= 0 && px < w && py >= 0 && py < h;
        taps[p + t] = inside ? (py * w + px) * c : -1;
        weights[p + t] = inside ? weight : 0;
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
        let v = 0;
        if (t0 >= 0) v += w0 * pixels[image + t0 + k];
        if (t1 >= 0) v += w1 * pixels[image + t1 + k];
        if (t2 >= 0) v += w2 * pixels[image + t2 + k];
        if (t3 >= 0) v += w3 * pixels[image + t3 + k];
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
