/**
 * A batch of images as the training loop gathers it: `count` images of height × width × channels
 * 8-bit pixels, row-major HWC, one after the other (the stored form, before the encoder scales it).
 */
export interface ImageBatch {
  pixels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
}

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/**
 * One augmentation operation. `draw` takes the operation's random parameter (the angle, the
 * factor) from the stream after the pipeline's coin, as Ludwig's ops call `torch.rand(1)` twice;
 * `apply` changes the batch in place with that parameter.
 */
export interface AugmentationOp {
  draw?: (rng: { next(): number }) => number;
  apply: (batch: ImageBatch, parameter: number) => void;
}

/** torch.round (half to even): what torchvision applies when a float result goes back to uint8. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && (r & 1) === 1 ? r - 1 : r;
}

/**
 * torchvision's `_blend` result cast to uint8: clamped to [0, 255] and truncated (`.to(uint8)`),
 * not rounded; float32 arithmetic as torch's.
 */
export function blendToByte(v: number): number {
  const f = Math.fround(v);
  return f <= 0 ? 0 : f >= 255 ? 255 : Math.trunc(f);
}
