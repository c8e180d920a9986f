import type * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import type { ForwardContext } from '../model/context.js';
import type { SeededRandom } from '../util/random.js';
import type { OnnxGraph } from '../export/onnx-graph.js';

/** Merges the encoder outputs (in input-feature order) into one hidden representation. */
export interface Combiner {
  readonly outputSize: number;
  forward(encoded: tf.Tensor2D[], ctx: ForwardContext): tf.Tensor2D;
  /** `forward` at inference as ONNX nodes over the encoders' output tensors (CONTRIBUTING.md). */
  exportOnnx(g: OnnxGraph, encoded: string[]): string;
}

export interface CombinerBuildArgs<C> {
  config: C;
  inputSizes: number[];
  /**
   * The input features each encoded tensor holds, in the same order: one name each, except the
   * stacked passthrough tensor, whose columns are one feature each (model-inputs.ts).
   * Combiners that treat features apart (comparator, project_aggregate) need it.
   */
  inputFeatures?: string[][];
  /** The inputs are data (no parameters before the combiner), so no gradient needs to reach them. */
  inputIsData?: boolean;
  params: ParameterStore;
  rng: SeededRandom;
}

export type CombinerFactory<C> = (args: CombinerBuildArgs<C>) => Combiner;
