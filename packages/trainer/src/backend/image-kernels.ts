import * as tf from '@tensorflow/tfjs-core';
import { registerJsKernels, type KernelBody, type Memory } from './sequence-kernels.js';

/**
 * Kernels of 2-D convolutions and pooling over NHWC images, each one kernel call on the wasm heap
 * (and on the cpu backend's arrays). tfjs-wasm has no Conv2DBackpropFilter, so a convolution is
 * im2col (one kernel) and then one dense product on our SIMD kernel, whose gradient gives the
 * filter gradient; col2im (the adjoint of im2col) folds the input gradient back. Pooling keeps the
 * winning position of each max window so its gradient is one scatter.
 */

export const IM2COL_2D = 'OvertureIm2Col2D';
export const COL2IM_2D = 'OvertureCol2Im2D';
export const POOL_2D = 'OverturePool2D';
export const POOL_2D_GRADIENT = 'OverturePool2DGradient';

/** The geometry of a 2-D window over an NHWC input: what im2col, col2im and pooling share. */
export interface Window2D {
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  /** Zero rows above and columns left of the image (the rest of the padding is implied by outH/outW). */
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
}

export interface Col2Im2DAttrs extends Window2D {
  height: number;
  width: number;
  channels: number;
}

/**
 * Copies between the image and its window rows, for every (output pixel, kernel tap) whose input
 * pixel lies inside the image: `channels` values at x[(b, y, x)] ↔ cols[(b, oy, ox), (ky, kx)].
 * Taps in the padding are skipped (their columns stay zero). `toCols` copies x → cols (im2col);
 * otherwise cols are added back into x (col2im, its adjoint). One loop nest without a callback per
 * tap: a 1-channel image has nine taps of one value per output pixel.
 */
function windowCopy(xs: Float32Array, cols: Float32Array, batch: number, height: number, width: number, channels: number, w: Window2D, toCols: boolean): void {
  const rowWidth = w.kernelH * w.kernelW * channels;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < w.outH; oy++) {
      for (let ox = 0; ox < w.outW; ox++) {
        const row = ((b * w.outH + oy) * w.outW + ox) * rowWidth;
        for (let ky = 0; ky < w.kernelH; ky++) {
          const y = oy * w.strideH - w.padTop + ky * w.dilationH;
          if (y < 0 || y >= height) continue;
          for (let kx = 0; kx < w.kernelW; kx++) {
            const x = ox * w.strideW - w.padLeft + kx * w.dilationW;
            if (x < 0 || x >= width) continue;
            const c0 = row + (ky * w.kernelW + kx) * channels;
            const x0 = ((b * height + y) * width + x) * channels;
            if (toCols) {
              if (channels >= 16) cols.set(xs.subarray(x0, x0 + channels), c0);
              else for (let c = 0; c < channels; c++) cols[c0 + c] = xs[x0 + c];
            } else {
              for (let c = 0; c < channels; c++) xs[x0 + c] += cols[c0 + c];
            }
          }
        }
      }
    }
  }
}

/**
 * x [batch, height, width, channels] → cols [batch·outH·outW, kernelH·kernelW·channels]: row
 * (b, oy, ox) holds the window's pixels in (ky, kx, c) order, the order of a [kernelH, kernelW,
 * channels, filters] filter read as a matrix.
 */
function im2col(memory: Memory, x: tf.TensorInfo, w: Window2D): tf.TensorInfo {
  const [batch, height, width, channels] = x.shape;
  const out = memory.output([batch * w.outH * w.outW, w.kernelH * w.kernelW * channels], 'float32');
  windowCopy(memory.values(x) as Float32Array, memory.values(out) as Float32Array, batch, height, width, channels, w, true);
  return out;
}

/** The adjoint of im2col: every window value of dcols added back into dx [batch, height, width, channels]. */
function col2im(memory: Memory, dcols: tf.TensorInfo, a: Col2Im2DAttrs): tf.TensorInfo {
  const batch = dcols.shape[0] / (a.outH * a.outW);
  const out = memory.output([batch, a.height, a.width, a.channels], 'float32');
  windowCopy(memory.values(out) as Float32Array, memory.values(dcols) as Float32Array, batch, a.height, a.width, a.channels, a, false);
  return out;
}

export type Pool2DMode = 'max' | 'avg';

export interface Pool2DAttrs {
  mode: Pool2DMode;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  outH: number;
  outW: number;
}

/**
 * x [batch, height, width, channels] → [batch, outH, outW, channels], windows without padding
 * (PyTorch's MaxPool2d/AvgPool2d with padding 0, floor mode). Max also returns, per output, the
 * flat index into x of the value it took (NaN wins, as in PyTorch, so a diverging model shows).
 */
function pool2d(memory: Memory, x: tf.TensorInfo, a: Pool2DAttrs): tf.TensorInfo[] {
  const [batch, height, width, channels] = x.shape;
  const out = memory.output([batch, a.outH, a.outW, channels], 'float32');
  const argmax = a.mode === 'max' ? memory.output([batch, a.outH, a.outW, channels], 'int32') : null;
  const xs = memory.values(x) as Float32Array;
  const o = memory.values(out) as Float32Array;
  const arg = argmax ? (memory.values(argmax) as Int32Array) : null;
  const scale = 1 / (a.kernelH * a.kernelW);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < a.outH; oy++) {
      for (let ox = 0; ox < a.outW; ox++) {
        const dst = ((b * a.outH + oy) * a.outW + ox) * channels;
        for (let ky = 0; ky < a.kernelH; ky++) {
          const y = oy * a.strideH + ky;
          for (let kx = 0; kx < a.kernelW; kx++) {
            const src = ((b * height + y) * width + ox * a.strideW + kx) * channels;
            if (arg) {
              const first = ky === 0 && kx === 0;
              for (let c = 0; c < channels; c++) {
                const v = xs[src + c];
                const best = o[dst + c];
                if (first || v > best || (v !== v && best === best)) {
                  o[dst + c] = v;
                  arg[dst + c] = src + c;
                }
              }
            } else {
              for (let c = 0; c < channels; c++) o[dst + c] += xs[src + c];
            }
          }
        }
        if (!arg) for (let c = 0; c < channels; c++) o[dst + c] *= scale;
      }
    }
  }
  return argmax ? [out, argmax] : [out];
}

export interface Pool2DGradientAttrs extends Pool2DAttrs {
  height: number;
  width: number;
}

/** dy [batch, outH, outW, channels] → dx [batch, height, width, channels]: to the winner (max, summed where windows overlap) or spread evenly (avg). */
function pool2dGradient(memory: Memory, inputs: { dy: tf.TensorInfo; argmax?: tf.TensorInfo }, a: Pool2DGradientAttrs): tf.TensorInfo {
  const { dy, argmax } = inputs;
  const [batch, , , channels] = dy.shape;
  const out = memory.output([batch, a.height, a.width, channels], 'float32');
  const g = memory.values(dy) as Float32Array;
  const dx = memory.values(out) as Float32Array;
  if (a.mode === 'max') {
    const arg = memory.values(argmax!) as Int32Array;
    for (let i = 0; i < g.length; i++) dx[arg[i]] += g[i];
    return out;
  }
  const scale = 1 / (a.kernelH * a.kernelW);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < a.outH; oy++) {
      for (let ox = 0; ox < a.outW; ox++) {
        const src = ((b * a.outH + oy) * a.outW + ox) * channels;
        for (let ky = 0; ky < a.kernelH; ky++) {
          for (let kx = 0; kx < a.kernelW; kx++) {
            const dst = ((b * a.height + oy * a.strideH + ky) * a.width + ox * a.strideW + kx) * channels;
            for (let c = 0; c < channels; c++) dx[dst + c] += g[src + c] * scale;
          }
        }
      }
    }
  }
  return out;
}

const kernels: Record<string, KernelBody> = {
  [IM2COL_2D]: (memory, inputs, attrs) => im2col(memory, inputs.x, attrs),
  [COL2IM_2D]: (memory, inputs, attrs) => col2im(memory, inputs.dcols, attrs),
  [POOL_2D]: (memory, inputs, attrs) => pool2d(memory, inputs.x, attrs),
  [POOL_2D_GRADIENT]: (memory, inputs, attrs) => pool2dGradient(memory, inputs as never, attrs),
};

let registered = false;

/** Whether the running backend has these kernels (wasm and cpu do; tfjs-node uses tf.conv2d and tf.maxPool). */
export function imageKernelsAvailable(): boolean {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') return false;
  if (!registered) {
    registered = true;
    registerJsKernels(kernels);
  }
  return true;
}

export function runImageKernel(name: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor | tf.Tensor[] {
  return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
}
