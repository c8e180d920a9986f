import { OvertureError, type ImageAugmentationOpOf } from '@overture/config';
import { roundHalfEven, type AugmentationOp, type ImageBatch, type ImageShape } from './image-batch.js';

/** torchvision `gaussian_blur`'s sigma when none is given: 0.3·((k − 1)/2 − 1) + 0.8 (OpenCV's rule). */
export const defaultBlurSigma = (kernelSize: number): number => 0.3 * ((kernelSize - 1) * 0.5 - 1) + 0.8;

/** The normalized 1-D Gaussian over the kernel's taps −(k−1)/2 … (k−1)/2. */
export function gaussianKernel(kernelSize: number, sigma = defaultBlurSigma(kernelSize)): Float32Array {
  const half = (kernelSize - 1) / 2;
  const kernel = new Float32Array(kernelSize);
  let sum = 0;
  for (let i = 0; i < kernelSize; i++) {
    const x = (i - half) / sigma;
    kernel[i] = Math.exp(-0.5 * x * x);
    sum += kernel[i];
  }
  for (let i = 0; i < kernelSize; i++) kernel[i] /= sum;
  return kernel;
}

/** Index into [0, n) with torch's `reflect` padding (the edge pixel is not repeated). */
const reflect = (i: number, n: number): number => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);

/**
 * Gaussian-blurs every image (torchvision `gaussian_blur(img, [k, k])`: reflect padding, the
 * result rounded back to uint8). The 2-D kernel is the outer product of the 1-D one, so it runs as
 * a horizontal then a vertical pass over a float row buffer: 2k taps a pixel instead of k².
 */
export function blur(batch: ImageBatch, kernelSize: number, horizontal?: Float32Array): void {
  const { pixels, count, height: h, width: w, channels: c } = batch;
  const kernel = gaussianKernel(kernelSize);
  const half = (kernelSize - 1) / 2;
  const size = h * w * c;
  const rowLength = w * c;
  const tmp = horizontal && horizontal.length >= size ? horizontal : new Float32Array(size);
  // Where each tap of each column and row reads from (reflected at the edges), made once a batch.
  const columns = new Int32Array(w * kernelSize);
  for (let x = 0; x < w; x++) for (let t = 0; t < kernelSize; t++) columns[x * kernelSize + t] = reflect(x + t - half, w) * c;
  const rows = new Int32Array(h * kernelSize);
  for (let y = 0; y < h; y++) for (let t = 0; t < kernelSize; t++) rows[y * kernelSize + t] = reflect(y + t - half, h) * rowLength;
  for (let i = 0; i < count; i++) {
    const image = i * size;
    for (let y = 0; y < h; y++) {
      const row = image + y * rowLength;
      for (let x = 0; x < w; x++) {
        const out = y * rowLength + x * c;
        for (let k = 0; k < c; k++) {
          let v = 0;
          for (let t = 0; t < kernelSize; t++) v += kernel[t] * pixels[row + columns[x * kernelSize + t] + k];
          tmp[out + k] = v;
        }
      }
    }
    for (let y = 0; y < h; y++) {
      const out = image + y * rowLength;
      for (let j = 0; j < rowLength; j++) {
        let v = 0;
        for (let t = 0; t < kernelSize; t++) v += kernel[t] * tmp[rows[y * kernelSize + t] + j];
        pixels[out + j] = Math.min(255, roundHalfEven(v));
      }
    }
  }
}

/** Ludwig's `RandomBlur`: no random parameter, the kernel is the configured one. */
export function randomBlur(params: ImageAugmentationOpOf<'random_blur'>, shape: ImageShape, feature: string): AugmentationOp {
  const half = (params.kernel_size - 1) / 2;
  if (half >= shape.height || half >= shape.width) {
    // torch's reflect padding needs fewer padded pixels than the image has.
    throw new OvertureError('invalid_config', `Image feature '${feature}': random_blur kernel_size ${params.kernel_size} is too large for ${shape.height}×${shape.width} images (at most ${2 * Math.min(shape.height, shape.width) - 1}).`, [
      { path: `${feature}.augmentation`, message: `kernel_size ${params.kernel_size} is too large for ${shape.height}×${shape.width} images` },
    ]);
  }
  let scratch: Float32Array | undefined;
  return {
    apply: (batch) => {
      scratch ??= new Float32Array(batch.height * batch.width * batch.channels);
      blur(batch, params.kernel_size, scratch);
    },
  };
}
