import * as tf from '@tensorflow/tfjs-core';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import type { EncoderBuildArgs } from './encoder.js';

/**
 * The entry point of the sequence encoders (parallel_cnn, stacked_cnn, stacked_parallel_cnn, rnn,
 * cnnrnn, transformer) for inputs that are frames of floats rather than token ids: Ludwig builds
 * them with `should_embed=False` and `embedding_size` = the values per step, so the encoded column
 * [batch, steps × channels] is read as [batch, steps, channels] and goes straight to the first
 * convolution / recurrent layer / projection. Ludwig does not mask these inputs: every step
 * (padding included) is a real step of the reductions.
 */
export interface FloatSequence {
  /** Steps of the padded sequence. */
  length: number;
  /** Values per step (1 for a time series). */
  channels: number;
}

/** The float layout of an input column, or null when the column holds token ids (text). */
export function floatSequenceOf(args: EncoderBuildArgs<unknown>): FloatSequence | null {
  const meta = args.input.metadata;
  if (meta.type === 'timeseries') return { length: meta.max_timeseries_length, channels: 1 };
  return null;
}

/** [batch, steps × channels] → [batch, steps, channels] float32 (shares the data). */
export function floatSteps(input: tf.Tensor2D, seq: FloatSequence): tf.Tensor3D {
  const x = input.dtype === 'float32' ? input : tf.cast(input, 'float32');
  return tf.reshape(x, [input.shape[0], seq.length, seq.channels]);
}

/** floatSteps as ONNX nodes. */
export function exportFloatSteps(g: OnnxGraph, input: string, seq: FloatSequence): string {
  const x = g.op('Cast', [input], { to: attr.int(1) });
  return g.op('Reshape', [x, g.constant([0, seq.length, seq.channels], [3], 'int64', 'shape')]);
}

/** float32 [batch, steps] of ones: every step counts. */
export function allStepsMask(batch: number, seq: FloatSequence): tf.Tensor2D {
  return tf.ones([batch, seq.length], 'float32') as tf.Tensor2D;
}

/** allStepsMask as ONNX nodes, shaped after the [batch, steps, channels] tensor `x`. */
export function exportAllStepsMask(g: OnnxGraph, x: string): string {
  // ReduceMax takes its axes as an attribute up to opset 18. |x|·0 + 1 is 1 for every finite value.
  const perStep = g.op('ReduceMax', [g.op('Abs', [x])], { axes: attr.ints([2]), keepdims: attr.int(0) });
  return g.op('Add', [g.op('Mul', [perStep, g.scalar(0)]), g.scalar(1)]);
}

/** Every row's length is all its steps: float32 [batch] (what the recurrent exports take). */
export function exportAllStepsLengths(g: OnnxGraph, mask: string): string {
  return g.op('ReduceSum', [mask, g.constant([1], [1], 'int64', 'axes')], { keepdims: attr.int(0) });
}
