import type * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import type { ForwardContext } from '../model/context.js';
import type { SeededRandom } from '../util/random.js';
import type { OnnxGraph } from '../export/onnx-graph.js';
import type { FeatureMetadata } from '../preprocessing/index.js';

/**
 * What an encoder that keeps its sequence (`reduce_output: null`) returns: the steps flattened
 * row-major, [batch, steps × size] (so it travels the model's 2-D path; outputSize = steps × size),
 * and the padding mask of its steps, float [batch, steps], 1 on a real step.
 */
export interface EncodedSequence {
  steps: number;
  size: number;
  mask(input: tf.Tensor2D): tf.Tensor2D;
  exportMask(g: OnnxGraph, input: string): string;
}

/** Turns one preprocessed input column into a [batch, outputSize] representation. */
export interface Encoder {
  readonly outputSize: number;
  /** Set when the output is a sequence rather than one vector (EncodedSequence). */
  readonly sequence?: EncodedSequence;
  /** True when the encoder has no parameters (its output is a function of the data only). */
  readonly parameterFree?: boolean;
  /** The unet encoder's skip connections, read by a unet decoder (Ludwig's encoder_output_state). */
  readonly skips?: EncoderSkips;
  forward(input: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D;
  /**
   * What `forward` computes at inference, as ONNX nodes reading the graph tensor `input`; returns
   * the output tensor's name. Required: an encoder is not done until it exports (CONTRIBUTING.md).
   */
  exportOnnx(g: OnnxGraph, input: string): string;
}

/** What the preprocessed data says about an input column. */
export interface EncoderInputInfo {
  /** Width of the encoded column (1 for number/binary/category, vocabulary size for set/bag, …). */
  width: number;
  /** Vocabulary size for category/set/bag inputs (index 0 is <UNK>); 0 otherwise. */
  vocabSize: number;
  /** The feature's preprocessing metadata (statistics some encoders scale their input with). */
  metadata: FeatureMetadata;
}

export interface EncoderBuildArgs<C> {
  /** Parameter name prefix, e.g. `encoders.age`. */
  name: string;
  config: C;
  input: EncoderInputInfo;
  params: ParameterStore;
  rng: SeededRandom;
}

export type EncoderFactory<C> = (args: EncoderBuildArgs<C>) => Encoder;

/**
 * Skip connections an encoder hands a decoder past the combiner (Ludwig's `encoder_output_state`,
 * only the unet encoder has them): the maps its forward pass in `ctx` (or its export into `g`)
 * kept, NHWC, first = full size. The combiner passes the bottleneck through unchanged
 * (segmentation-checks.ts requires a concat combiner with no FC layers and one input).
 */
export interface EncoderSkips {
  /** [height, width, channels] of each skip, first to last. */
  readonly shapes: [number, number, number][];
  read(ctx: ForwardContext): tf.Tensor4D[];
  readOnnx(g: OnnxGraph): string[];
}
