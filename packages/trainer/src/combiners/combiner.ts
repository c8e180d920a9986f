import type * as tf from '@tensorflow/tfjs-core';
import type { InputFeatureType } from '@overture/config';
import type { ParameterStore } from '../model/parameters.js';
import type { ForwardContext } from '../model/context.js';
import type { SeededRandom } from '../util/random.js';
import type { OnnxGraph } from '../export/onnx-graph.js';

/**
 * A combiner output that keeps a time axis (sequence_concat with reduce_output null): [batch,
 * steps × size], whose padding mask is that of input `maskOf` (an index into the encoded inputs).
 */
export interface CombinedSequence {
  steps: number;
  size: number;
  maskOf: number;
}

/**
 * Merges the encoder outputs (in input-feature order) into one hidden representation. `masks`
 * holds, for each encoded input that is a sequence (EncodedSequence), its padding mask, else null.
 */
export interface Combiner {
  readonly outputSize: number;
  /** Set when the output keeps the steps (outputSize = steps × size). */
  readonly sequence?: CombinedSequence;
  forward(encoded: tf.Tensor2D[], ctx: ForwardContext, masks?: (tf.Tensor2D | null)[]): tf.Tensor2D;
  /** `forward` at inference as ONNX nodes over the encoders' output tensors (CONTRIBUTING.md). */
  exportOnnx(g: OnnxGraph, encoded: string[], masks?: (string | null)[]): string;
}

export interface CombinerBuildArgs<C> {
  config: C;
  inputSizes: number[];
  /**
   * The input features each encoded input holds, aligned with `inputSizes`: one, or for the stacked
   * passthrough tensor several (one column each; model-inputs.ts). Absent (combiner unit tests): one
   * feature per input. Combiners that treat features apart (comparator, project_aggregate, the
   * transformers' feature tokens) need it.
   */
  inputFeatures?: { name: string; type: InputFeatureType }[][];
  /**
   * The input feature names in config order (the stacked passthrough tensor comes first among the
   * inputs whatever its features' places). Absent (combiner unit tests): the inputs' order.
   * Combiners for which "the first input feature" means something (hypernetwork) read it.
   */
  inputOrder?: string[];
  /** For each input, its steps and per-step size when its encoder keeps the sequence, else null. Absent: none does. */
  inputSequences?: ({ steps: number; size: number } | null)[];
  /** The inputs are data (no parameters before the combiner), so no gradient needs to reach them. */
  inputIsData?: boolean;
  params: ParameterStore;
  rng: SeededRandom;
}

export type CombinerFactory<C> = (args: CombinerBuildArgs<C>) => Combiner;
