import * as tf from '@tensorflow/tfjs-core';
import type { Memory } from './sequence-kernels.js';

/**
 * Max or average pooling over windows of time with a stride (PyTorch's MaxPool1d / AvgPool1d on
 * [batch, seq, channels] rows, as Ludwig's stacked CNNs pool between convolutions). tfjs-wasm has
 * MaxPool and AvgPool forward but neither gradient, so both directions are kernels here.
 */

export const WINDOW_POOL = 'OvertureWindowPool1D';
export const WINDOW_POOL_GRADIENT = 'OvertureWindowPool1DGradient';

export interface WindowPoolAttrs {
  mode: 'max' | 'average';
  size: number;
  stride: number;
  /** Steps of padding before the sequence (and as many after, as PyTorch pads). */
  pad: number;
  outLength: number;
}

/**
 * x [batch, seq, channels] → [batch, outLength, channels]: window t covers input steps
 * t·stride − pad … t·stride − pad + size − 1. Max ignores the padding (−∞ in PyTorch); average
 * divides by size, padding included (AvgPool1d's count_include_pad). For max, also the winning
 * input step of each output (int32), which the gradient routes to.
 */
export function windowPool(memory: Memory, x: tf.TensorInfo, attrs: WindowPoolAttrs): tf.TensorInfo[] {
  const [batch, seq, channels] = x.shape;
  const { size, stride, pad, outLength, mode } = attrs;
  const out = memory.output([batch, outLength, channels], 'float32');
  const argmax = mode === 'max' ? memory.output([batch, outLength, channels], 'int32') : null;
  const xs = memory.values(x) as Float32Array;
  const o = memory.values(out) as Float32Array;
  const arg = argmax ? (memory.values(argmax) as Int32Array) : null;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const first = Math.max(0, t * stride - pad);
      const last = Math.min(seq, t * stride - pad + size);
      const dst = (b * outLength + t) * channels;
      if (arg) {
        arg.fill(-1, dst, dst + channels);
        for (let s = first; s < last; s++) {
          const src = (b * seq + s) * channels;
          for (let c = 0; c < channels; c++) {
            const v = xs[src + c];
            // NaN wins, as in PyTorch, so a diverging model shows up.
            if (arg[dst + c] < 0 || v > o[dst + c] || v !== v) {
              o[dst + c] = v;
              arg[dst + c] = s;
            }
          }
        }
        continue;
      }
      for (let s = first; s < last; s++) {
        const src = (b * seq + s) * channels;
        for (let c = 0; c < channels; c++) o[dst + c] += xs[src + c];
      }
      for (let c = 0; c < channels; c++) o[dst + c] /= size;
    }
  }
  return argmax ? [out, argmax] : [out];
}

export interface WindowPoolGradientAttrs extends WindowPoolAttrs {
  seq: number;
}

/** dy [batch, outLength, channels] → dx [batch, seq, channels]: to the winning step (max) or 1/size to each step of the window. */
export function windowPoolGradient(memory: Memory, inputs: { dy: tf.TensorInfo; argmax?: tf.TensorInfo }, attrs: WindowPoolGradientAttrs): tf.TensorInfo {
  const { dy, argmax } = inputs;
  const [batch, outLength, channels] = dy.shape;
  const { seq, size, stride, pad } = attrs;
  const out = memory.output([batch, seq, channels], 'float32');
  const g = memory.values(dy) as Float32Array;
  const dx = memory.values(out) as Float32Array;
  if (attrs.mode === 'max') {
    const arg = memory.values(argmax!) as Int32Array;
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < outLength; t++) {
        const src = (b * outLength + t) * channels;
        for (let c = 0; c < channels; c++) {
          const s = arg[src + c];
          // Overlapping windows can pick the same step: its gradients add up.
          if (s >= 0) dx[(b * seq + s) * channels + c] += g[src + c];
        }
      }
    }
    return out;
  }
  const scale = 1 / size;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const first = Math.max(0, t * stride - pad);
      const last = Math.min(seq, t * stride - pad + size);
      const src = (b * outLength + t) * channels;
      for (let s = first; s < last; s++) {
        const dst = (b * seq + s) * channels;
        for (let c = 0; c < channels; c++) dx[dst + c] += g[src + c] * scale;
      }
    }
  }
  return out;
}
