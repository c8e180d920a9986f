import * as tf from '@tensorflow/tfjs-core';
import {
  COL2IM_2D, IM2COL_2D, imageKernelsAvailable, POOL_2D, POOL_2D_GRADIENT, runImageKernel,
  type Col2Im2DAttrs, type Pool2DAttrs, type Pool2DGradientAttrs, type Pool2DMode, type Window2D,
} from '../backend/image-kernels.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import { applyActivation, exportActivation } from './activations.js';
import { denseForward } from './dense.js';

/** PyTorch's padding argument of Conv2d: 'valid', 'same' (stride 1 only), or zeros on each side. */
export type Conv2DPadding = 'valid' | 'same' | number | [number, number];

export interface Conv2DGeometry {
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: Conv2DPadding;
}

export const pair = (v: number | [number, number]): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v, v]);

/** Zeros [top, left, bottom, right] around the image; 'same' puts the odd one after, as PyTorch does. */
export function conv2dPads(g: Conv2DGeometry): [number, number, number, number] {
  if (g.padding === 'valid') return [0, 0, 0, 0];
  if (g.padding === 'same') {
    const th = g.dilation[0] * (g.kernel[0] - 1);
    const tw = g.dilation[1] * (g.kernel[1] - 1);
    return [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
  }
  const [ph, pw] = pair(g.padding);
  return [ph, pw, ph, pw];
}

/** The window of a convolution over a height × width image (PyTorch's output size formula). */
export function conv2dWindow(height: number, width: number, g: Conv2DGeometry): Window2D {
  if (g.padding === 'same' && (g.stride[0] !== 1 || g.stride[1] !== 1)) {
    throw new Error("conv2d: padding 'same' needs stride 1 (as in PyTorch)");
  }
  const [top, left, bottom, right] = conv2dPads(g);
  const outH = Math.floor((height + top + bottom - g.dilation[0] * (g.kernel[0] - 1) - 1) / g.stride[0]) + 1;
  const outW = Math.floor((width + left + right - g.dilation[1] * (g.kernel[1] - 1) - 1) / g.stride[1]) + 1;
  if (outH < 1 || outW < 1) {
    throw new Error(`conv2d: a ${height}×${width} feature map is smaller than the ${g.kernel[0]}×${g.kernel[1]} kernel (dilation ${g.dilation.join('×')}, padding ${JSON.stringify(g.padding)})`);
  }
  return {
    kernelH: g.kernel[0], kernelW: g.kernel[1], strideH: g.stride[0], strideW: g.stride[1],
    dilationH: g.dilation[0], dilationW: g.dilation[1], padTop: top, padLeft: left, outH, outW,
  };
}

function im2col(x: tf.Tensor4D, window: Window2D): tf.Tensor2D {
  const [, height, width, channels] = x.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: runImageKernel(IM2COL_2D, { x: args[0] as tf.Tensor }, window) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor) => runImageKernel(COL2IM_2D, { dcols: dy }, { ...window, height, width, channels } satisfies Col2Im2DAttrs) as tf.Tensor,
  }));
  return op(x) as tf.Tensor2D;
}

export interface Conv2DOptions extends Conv2DGeometry {
  activation: string | null;
  /** False when x is data: no input gradient is computed. */
  inputNeedsGradient?: boolean;
}

/**
 * A 2-D convolution over NHWC images: x [batch, height, width, channels], filter [kernelH,
 * kernelW, channels, filters] (tfjs' HWIO layout) → [batch, outH, outW, filters], then bias and
 * activation. On wasm and cpu: im2col, then one dense product on our SIMD kernel (bias and ReLU in
 * its epilogue), so the filter gradient is that product's xᵀ·g and the input gradient g·Wᵀ folded
 * back by col2im. Elsewhere (tfjs-node) tf.conv2d with explicit pads.
 */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null, options: Conv2DOptions): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const [kh, kw, filterChannels, filters] = filter.shape;
  if (filterChannels !== channels) throw new Error(`conv2d: the filter expects ${filterChannels} channels, the input has ${channels}`);
  const window = conv2dWindow(height, width, options);
  if (!imageKernelsAvailable()) {
    const [top, left, bottom, right] = conv2dPads(options);
    let y = tf.conv2d(x, filter, options.stride, [[0, 0], [top, bottom], [left, right], [0, 0]], 'NHWC', options.dilation) as tf.Tensor4D;
    if (bias) y = tf.add(y, bias);
    return applyActivation(options.activation, y) as tf.Tensor4D;
  }
  const cols = im2col(x, window);
  const fuseRelu = options.activation === 'relu';
  const kernel = tf.reshape(filter, [kh * kw * channels, filters]) as tf.Tensor2D;
  let y: tf.Tensor = denseForward(cols, kernel, bias, fuseRelu ? 'relu' : 'linear', options.inputNeedsGradient ?? true);
  if (!fuseRelu) y = applyActivation(options.activation, y);
  return tf.reshape(y, [batch, window.outH, window.outW, filters]);
}

/** NHWC → NCHW and back, around ONNX's Conv and pooling nodes. */
export const toNchw = (g: OnnxGraph, x: string) => g.op('Transpose', [x], { perm: attr.ints([0, 3, 1, 2]) });
export const toNhwc = (g: OnnxGraph, x: string) => g.op('Transpose', [x], { perm: attr.ints([0, 2, 3, 1]) });

/**
 * The convolution as ONNX nodes on an NCHW tensor: Conv reads its weights [filters, channels,
 * kernelH, kernelW] through a Transpose of the stored HWIO parameter (constant-folded by
 * onnxruntime; the initializer stays the parameter). Returns an NCHW tensor, before the activation.
 */
export function exportConv2dNchw(g: OnnxGraph, xNchw: string, filter: string, bias: string | null, geometry: Conv2DGeometry): string {
  const weights = g.op('Transpose', [filter], { perm: attr.ints([3, 2, 0, 1]) });
  return g.op('Conv', bias ? [xNchw, weights, bias] : [xNchw, weights], {
    kernel_shape: attr.ints(geometry.kernel), pads: attr.ints(conv2dPads(geometry)), strides: attr.ints(geometry.stride),
    dilations: attr.ints(geometry.dilation),
  });
}

/** conv2d (with its activation) as ONNX nodes, NHWC in and out. */
export function exportConv2d(g: OnnxGraph, x: string, filter: string, bias: string | null, options: Conv2DOptions): string {
  return exportActivation(g, options.activation, toNhwc(g, exportConv2dNchw(g, toNchw(g, x), filter, bias, options)));
}

export interface Pool2DOptions {
  mode: Pool2DMode;
  kernel: [number, number];
  stride: [number, number];
}

/** Output size of a pooling without padding (floor mode). */
export function pool2dOutput(height: number, width: number, o: Pool2DOptions): [number, number] {
  const outH = Math.floor((height - o.kernel[0]) / o.stride[0]) + 1;
  const outW = Math.floor((width - o.kernel[1]) / o.stride[1]) + 1;
  if (outH < 1 || outW < 1) throw new Error(`pool2d: a ${height}×${width} feature map is smaller than the ${o.kernel[0]}×${o.kernel[1]} pooling window`);
  return [outH, outW];
}

/**
 * Max or average pooling over NHWC windows without padding, as PyTorch's MaxPool2d / AvgPool2d
 * with padding 0. On wasm and cpu one kernel each way (max remembers its winners); elsewhere
 * tf.maxPool / tf.avgPool with 'valid' padding, which is the same window set.
 */
export function pool2d(x: tf.Tensor4D, options: Pool2DOptions): tf.Tensor4D {
  const [, height, width] = x.shape;
  const [outH, outW] = pool2dOutput(height, width, options);
  if (!imageKernelsAvailable()) {
    const pool = options.mode === 'max' ? tf.maxPool : tf.avgPool;
    return pool(x, options.kernel, options.stride, 'valid');
  }
  const attrs: Pool2DAttrs = {
    mode: options.mode, kernelH: options.kernel[0], kernelW: options.kernel[1], strideH: options.stride[0], strideW: options.stride[1], outH, outW,
  };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [value, argmax] = runImageKernel(POOL_2D, { x: args[0] as tf.Tensor }, attrs) as tf.Tensor[];
    if (argmax) save([argmax]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const gradientAttrs: Pool2DGradientAttrs = { ...attrs, height, width };
        return runImageKernel(POOL_2D_GRADIENT, saved.length > 0 ? { dy, argmax: saved[0] } : { dy }, gradientAttrs) as tf.Tensor;
      },
    };
  });
  return op(x) as tf.Tensor4D;
}

/** The pooling as an ONNX node on an NCHW tensor. */
export function exportPool2dNchw(g: OnnxGraph, xNchw: string, options: Pool2DOptions): string {
  return g.op(options.mode === 'max' ? 'MaxPool' : 'AveragePool', [xNchw], {
    kernel_shape: attr.ints(options.kernel), strides: attr.ints(options.stride), pads: attr.ints([0, 0, 0, 0]),
  });
}

/** pool2d as ONNX nodes, NHWC in and out. */
export function exportPool2d(g: OnnxGraph, x: string, options: Pool2DOptions): string {
  return toNhwc(g, exportPool2dNchw(g, toNchw(g, x), options));
}
