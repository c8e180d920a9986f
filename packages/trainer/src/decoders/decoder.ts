import type * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import type { ForwardContext } from '../model/context.js';
import type { SeededRandom } from '../util/random.js';
import type { OnnxGraph } from '../export/onnx-graph.js';
import type { EncoderSkips } from '../encoders/encoder.js';

/**
 * Maps the combiner's hidden state (plus the hidden states of the outputs this one depends
 * on) to raw outputs. `hidden` is what dependent outputs receive (Ludwig feeds the decoder FC
 * stack's output to dependents).
 */
export interface Decoder {
  readonly hiddenSize: number;
  /**
   * `stepMask`: the padding mask [batch, steps] of a sequence input (decoders over steps: the tagger).
   * `target`: this output's target ids, given in training only (the generator's teacher forcing).
   */
  forward(input: tf.Tensor2D, ctx: ForwardContext, stepMask?: tf.Tensor2D | null, target?: tf.Tensor2D | null): { hidden: tf.Tensor2D; output: tf.Tensor2D };
  /** `forward` at inference as ONNX nodes; returns the tensor names (CONTRIBUTING.md). */
  exportOnnx(g: OnnxGraph, input: string, stepMask?: string | null): { hidden: string; output: string };
}

export interface DecoderBuildArgs<C> {
  name: string;
  config: C;
  inputSize: number;
  /** Width of the raw output: 1 (binary, number), classes (category, set), vector size; the vocabulary of a text/sequence output (per step). */
  outputSize: number;
  /** Steps of the input when the combiner keeps the sequence (inputSize is then per step); absent otherwise. */
  inputSteps?: number;
  /** Text and sequence outputs: the padding symbol's id. */
  padId?: number;
  /** A generator's output steps (max_sequence_length, start and stop symbols included). */
  outputSteps?: number;
  /** Text and sequence outputs: the ids of `<SOS>`, `<EOS>` and `<PAD>`. */
  symbols?: { start: number; stop: number; pad: number };
  /** Image outputs: the skip connections of the model's unet image encoder. */
  skips?: EncoderSkips;
  params: ParameterStore;
  rng: SeededRandom;
}

export type DecoderFactory<C> = (args: DecoderBuildArgs<C>) => Decoder;
