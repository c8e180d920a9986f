import * as tf from '@tensorflow/tfjs-core';
import {
  COL2IM_1D, IM2COL_1D, runSequenceKernel, sequenceKernelsAvailable, type Col2ImAttrs, type Conv1DWindowAttrs,
} from '../backend/sequence-kernels.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { applyActivation, exportActivation } from './activations.js';
import { denseForward } from './dense.js';
import { initialize } from './initializers.js';

export type Conv1DPadding = 'same' | 'valid';

/** Zero steps before and after the sequence: 'same' keeps the length (the extra one after, as PyTorch and TensorFlow). */
export function conv1dPadding(filterSize: number, padding: Conv1DPadding): { before: number; after: number } {
  if (padding === 'valid') return { before: 0, after: 0 };
  const total = filterSize - 1;
  return { before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
}

/** The windows of x as rows, with col2im (its adjoint) as the gradient. */
function im2col(x: tf.Tensor3D, attrs: Conv1DWindowAttrs): tf.Tensor2D {
  const [, seq, channels] = x.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: runSequenceKernel(IM2COL_1D, { x: args[0] as tf.Tensor }, attrs) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor) => runSequenceKernel(COL2IM_1D, { dcols: dy }, { ...attrs, seq, channels } satisfies Col2ImAttrs) as tf.Tensor,
  }));
  return op(x) as tf.Tensor2D;
}

export interface Conv1DOptions {
  padding: Conv1DPadding;
  activation: string | null;
  /** False when x is data: no input gradient is computed. */
  inputNeedsGradient?: boolean;
}

/**
 * A 1-D convolution over time, stride 1: x [batch, seq, channels], filter [filterSize, channels,
 * numFilters] (tfjs' layout) → [batch, outLength, numFilters], then bias and activation. On wasm
 * and cpu the windows become rows (im2col) and the convolution one dense product on our SIMD
 * kernel, so the filter gradient is that product's xᵀ·g (wasm has no Conv2DBackpropFilter) and
 * the input gradient g·Wᵀ folded back by col2im; ReLU and the bias run in the product's epilogue.
 * Elsewhere (tfjs-node) tf.conv1d.
 */
export function conv1d(x: tf.Tensor3D, filter: tf.Tensor3D, bias: tf.Tensor1D | null, options: Conv1DOptions): tf.Tensor3D {
  const [batch, seq, channels] = x.shape;
  const [filterSize, filterChannels, numFilters] = filter.shape;
  if (filterChannels !== channels) throw new Error(`conv1d: the filter expects ${filterChannels} channels, the input has ${channels}`);
  const pad = conv1dPadding(filterSize, options.padding);
  const outLength = seq + pad.before + pad.after - filterSize + 1;
  if (outLength < 1) throw new Error(`conv1d: a sequence of ${seq} steps is shorter than the filter (${filterSize}) with 'valid' padding`);
  if (!sequenceKernelsAvailable()) {
    let y = tf.conv1d(x, filter, 1, options.padding) as tf.Tensor3D;
    if (bias) y = tf.add(y, bias);
    return applyActivation(options.activation, y) as tf.Tensor3D;
  }
  const cols = im2col(x, { filterSize, padBefore: pad.before, outLength });
  const fuseRelu = options.activation === 'relu';
  const kernel = tf.reshape(filter, [filterSize * channels, numFilters]) as tf.Tensor2D;
  let y: tf.Tensor = denseForward(cols, kernel, bias, fuseRelu ? 'relu' : 'linear', options.inputNeedsGradient ?? true);
  if (!fuseRelu) y = applyActivation(options.activation, y);
  return tf.reshape(y, [batch, outLength, numFilters]);
}

/**
 * The same convolution as ONNX nodes: Conv works on [batch, channels, seq] (NCW) with weights
 * [numFilters, channels, filterSize], so the input and output are transposed and the weights
 * read through a Transpose of the stored [filterSize, channels, numFilters] parameter (constant-
 * folded by onnxruntime, and the initializer stays shared with any tied layer).
 */
export function exportConv1d(g: OnnxGraph, x: string, filter: string, bias: string | null, filterSize: number, options: Conv1DOptions): string {
  const pad = conv1dPadding(filterSize, options.padding);
  const ncw = g.op('Transpose', [x], { perm: attr.ints([0, 2, 1]) });
  const weights = g.op('Transpose', [filter], { perm: attr.ints([2, 1, 0]) });
  const conv = g.op('Conv', bias ? [ncw, weights, bias] : [ncw, weights], {
    kernel_shape: attr.ints([filterSize]), pads: attr.ints([pad.before, pad.after]), strides: attr.ints([1]), dilations: attr.ints([1]),
  });
  const nwc = g.op('Transpose', [conv], { perm: attr.ints([0, 2, 1]) });
  return exportActivation(g, options.activation, nwc);
}

/**
 * The sequence mask of a convolution's output, from its input's mask [batch, seq]: unchanged with
 * 'same' padding; with 'valid', output step t is the window starting at input step t, which counts
 * when that step does (padding comes after the text, so a text shorter than the filter keeps its
 * first windows).
 */
export function conv1dOutputMask(mask: tf.Tensor2D, filterSize: number, padding: Conv1DPadding): tf.Tensor2D {
  if (padding === 'same') return mask;
  const [batch, seq] = mask.shape;
  return tf.slice(mask, [0, 0], [batch, seq - filterSize + 1]);
}

/** conv1dOutputMask as ONNX nodes. */
export function exportConv1dOutputMask(g: OnnxGraph, mask: string, seq: number, filterSize: number, padding: Conv1DPadding): string {
  if (padding === 'same') return mask;
  const starts = g.constant([0], [1], 'int64', 'starts');
  const ends = g.constant([seq - filterSize + 1], [1], 'int64', 'ends');
  return g.op('Slice', [mask, starts, ends, g.constant([1], [1], 'int64', 'axes')]);
}

export interface Conv1DLayerSpec {
  filterSize: number;
  numFilters: number;
  padding: Conv1DPadding;
  activation: string | null;
  useBias: boolean;
  weightsInitializer: string | null;
  biasInitializer: string | null;
}

/** A 1-D convolution with its parameters (`<name>.kernel` [filterSize, channels, numFilters], `<name>.bias`), for encoders. */
export class Conv1DLayer {
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable | null;

  constructor(params: ParameterStore, private readonly name: string, inChannels: number, readonly spec: Conv1DLayerSpec, rng: SeededRandom) {
    const shape = [spec.filterSize, inChannels, spec.numFilters];
    // Drawn as the [filterSize·channels, numFilters] matrix the product uses: fan-in is the receptive field times the channels, as PyTorch counts it.
    this.kernel = params.create(`${name}.kernel`, shape, initialize(spec.weightsInitializer, [spec.filterSize * inChannels, spec.numFilters], rng));
    this.bias = spec.useBias ? params.create(`${name}.bias`, [spec.numFilters], initialize(spec.biasInitializer, [spec.numFilters], rng)) : null;
  }

  /** Output steps for an input of `seq` steps. */
  outputLength(seq: number): number {
    const pad = conv1dPadding(this.spec.filterSize, this.spec.padding);
    return seq + pad.before + pad.after - this.spec.filterSize + 1;
  }

  apply(x: tf.Tensor3D, inputNeedsGradient = true): tf.Tensor3D {
    return conv1d(x, this.kernel as tf.Tensor3D, this.bias as tf.Tensor1D | null, {
      padding: this.spec.padding, activation: this.spec.activation, inputNeedsGradient,
    });
  }

  exportOnnx(g: OnnxGraph, x: string): string {
    return exportConv1d(g, x, g.param(`${this.name}.kernel`), this.bias ? g.param(`${this.name}.bias`) : null, this.spec.filterSize, {
      padding: this.spec.padding, activation: this.spec.activation,
    });
  }
}
