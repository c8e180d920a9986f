import * as tf from '@tensorflow/tfjs-core';
import { runSequenceKernel, sequenceKernelsAvailable } from '../backend/sequence-kernels.js';
import {
  WINDOW_POOL, WINDOW_POOL_GRADIENT, type WindowPoolAttrs, type WindowPoolGradientAttrs,
} from '../backend/window-pool-kernels.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';

/** A pooling over windows of time, as Ludwig's Conv1DLayer builds it after a convolution. */
export interface WindowPoolSpec {
  mode: 'max' | 'average';
  size: number;
  stride: number;
  /** Steps padded on each side: Ludwig's pool_padding 'same' is ⌊(size − 1) / 2⌋, 'valid' 0. */
  pad: number;
}

/** Ludwig's pool_padding and pool_strides (null: the pool size, as PyTorch's default stride). */
export function windowPoolSpec(mode: 'max' | 'average', size: number, stride: number | null, padding: 'same' | 'valid'): WindowPoolSpec {
  return { mode, size, stride: stride ?? size, pad: padding === 'same' ? Math.floor((size - 1) / 2) : 0 };
}

/** Output steps for `seq` input steps (PyTorch's floor mode); below 1 the sequence is too short for the window. */
export function windowPoolLength(seq: number, spec: WindowPoolSpec): number {
  return Math.floor((seq + 2 * spec.pad - spec.size) / spec.stride) + 1;
}

function attrsFor(seq: number, spec: WindowPoolSpec): WindowPoolAttrs {
  const outLength = windowPoolLength(seq, spec);
  if (outLength < 1) throw new Error(`a pooling of size ${spec.size} does not fit a sequence of ${seq} steps`);
  return { mode: spec.mode, size: spec.size, stride: spec.stride, pad: spec.pad, outLength };
}

/**
 * x [batch, seq, channels] → [batch, outLength, channels]. On wasm and cpu one kernel each way
 * (tfjs-wasm registers neither pooling gradient); elsewhere tfjs' pooling on the padded input.
 */
export function windowPool(x: tf.Tensor3D, spec: WindowPoolSpec): tf.Tensor3D {
  const seq = x.shape[1];
  const attrs = attrsFor(seq, spec);
  if (!sequenceKernelsAvailable()) return windowPoolWithTensorOps(x, spec);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const outputs = runSequenceKernel(WINDOW_POOL, { x: args[0] as tf.Tensor }, attrs) as tf.Tensor[];
    if (spec.mode === 'max') save([outputs[1]]);
    return {
      value: outputs[0],
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const inputs: tf.NamedTensorMap = spec.mode === 'max' ? { dy, argmax: saved[0] } : { dy };
        return runSequenceKernel(WINDOW_POOL_GRADIENT, inputs, { ...attrs, seq } satisfies WindowPoolGradientAttrs) as tf.Tensor;
      },
    };
  });
  return op(x) as tf.Tensor3D;
}

/** tfjs pooling on the padded input: the path off wasm and cpu, and the reference of the tests. */
export function windowPoolWithTensorOps(x: tf.Tensor3D, spec: WindowPoolSpec): tf.Tensor3D {
  const [batch, , channels] = x.shape;
  // Max pads with −∞ (padding never wins); average with 0 and divides by the whole window.
  const padded = tf.pad(x, [[0, 0], [spec.pad, spec.pad], [0, 0]], spec.mode === 'max' ? -Infinity : 0);
  const as4d = tf.reshape(padded, [batch, padded.shape[1], 1, channels]) as tf.Tensor4D;
  const pooled = spec.mode === 'max'
    ? tf.maxPool(as4d, [spec.size, 1], [spec.stride, 1], 'valid')
    : tf.avgPool(as4d, [spec.size, 1], [spec.stride, 1], 'valid');
  return tf.reshape(pooled, [batch, pooled.shape[1], channels]);
}

/** The mask [batch, seq] after the pooling: a window counts when any of its steps does. */
export function windowPoolMask(mask: tf.Tensor2D, spec: WindowPoolSpec): tf.Tensor2D {
  const [batch, seq] = mask.shape;
  const pooled = windowPool(tf.reshape(tf.cast(mask, 'float32'), [batch, seq, 1]), { ...spec, mode: 'max' });
  return tf.reshape(pooled, [batch, pooled.shape[1]]);
}

/** The pooling as ONNX (MaxPool / AveragePool work on [batch, channels, seq]). */
export function exportWindowPool(g: OnnxGraph, x: string, spec: WindowPoolSpec): string {
  const ncw = g.op('Transpose', [x], { perm: attr.ints([0, 2, 1]) });
  const attributes = { kernel_shape: attr.ints([spec.size]), strides: attr.ints([spec.stride]), pads: attr.ints([spec.pad, spec.pad]) };
  const pooled = spec.mode === 'max'
    ? g.op('MaxPool', [ncw], attributes)
    : g.op('AveragePool', [ncw], { ...attributes, count_include_pad: attr.int(1) });
  return g.op('Transpose', [pooled], { perm: attr.ints([0, 2, 1]) });
}

/** windowPoolMask as ONNX nodes, on a float mask [batch, seq]. */
export function exportWindowPoolMask(g: OnnxGraph, mask: string, spec: WindowPoolSpec): string {
  const axes = g.constant([1], [1], 'int64', 'axes');
  const pooled = g.op('MaxPool', [g.op('Unsqueeze', [mask, axes])], {
    kernel_shape: attr.ints([spec.size]), strides: attr.ints([spec.stride]), pads: attr.ints([spec.pad, spec.pad]),
  });
  return g.op('Squeeze', [pooled, g.constant([1], [1], 'int64', 'axes')]);
}
