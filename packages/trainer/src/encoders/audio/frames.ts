import * as tf from '@tensorflow/tfjs-core';
import { OvertureError } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import type { EncoderBuildArgs } from '../encoder.js';

/**
 * An audio input as the sequence encoders read it: the encoded row (max_length · feature_dim
 * float32, time-major) reshaped to [batch, steps, features]. As Ludwig's sequence encoders with
 * `should_embed: false`, the frames go straight into the first convolution or recurrent layer
 * (no embedding, no projection), and every step counts: Ludwig's audio inputs have no padding
 * mask (the steps after a short recording hold padding_value and are reduced like the others).
 */
export interface AudioFrames {
  steps: number;
  features: number;
}

export function audioFramesOf(args: EncoderBuildArgs<unknown>): AudioFrames {
  const meta = args.input.metadata;
  if (meta.type !== 'audio') throw new OvertureError('internal', `${args.name}: an audio encoder needs the frames of an audio feature`);
  return { steps: meta.max_length, features: meta.feature_dim };
}

export const toFrames = (x: tf.Tensor2D, f: AudioFrames): tf.Tensor3D => tf.reshape(x, [x.shape[0], f.steps, f.features]);

/** Every step counts: ones [batch, steps]. */
export const allSteps = (batch: number, f: AudioFrames): tf.Tensor2D => tf.ones([batch, f.steps]);

export const exportToFrames = (g: OnnxGraph, x: string, f: AudioFrames): string =>
  g.op('Reshape', [x, g.constant([-1, f.steps, f.features], [3], 'int64', 'shape')]);

/**
 * allSteps as ONNX, [batch, steps] of ones read off the encoded rows `x` [batch, width ≥ steps]
 * (1 where a value equals itself: every preprocessed value is finite). Made from the data rather
 * than expanded to a shape read from it, which the bundle loader refuses.
 */
export function exportAllSteps(g: OnnxGraph, x: string, steps: number): string {
  const head = g.op('Slice', [x, g.constant([0], [1], 'int64', 'starts'), g.constant([steps], [1], 'int64', 'ends'), g.constant([1], [1], 'int64', 'axes')]);
  return g.op('Cast', [g.op('Equal', [head, head])], { to: attr.int(1) });
}
