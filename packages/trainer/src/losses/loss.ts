import type * as tf from '@tensorflow/tfjs-core';

/** What a loss knows about its output feature beyond the config. */
export interface LossContext {
  /** Class labels in vocabulary order (category, set; the token vocabulary of text/sequence); empty for numeric outputs. */
  labels: string[];
  /** Text and sequence outputs: the padding symbol's id, whose steps the loss leaves out. */
  padId?: number;
}

/**
 * A loss over one batch: `output` is the decoder's raw output (logits for binary, category and
 * set; predictions for number and vector), `target` the encoded target column.
 * Returns the mean loss over the batch.
 */
export type LossFunction = (output: tf.Tensor2D, target: tf.Tensor2D) => tf.Scalar;

export type LossFactory<C> = (config: C, context: LossContext) => LossFunction;

/** Per-class weights from a list or a {label: weight} map (Ludwig's `class_weights`); missing labels weigh 1. */
export function classWeightVector(classWeights: number[] | Record<string, number> | null | undefined, labels: string[]): Float32Array | null {
  if (!classWeights) return null;
  const weights = new Float32Array(labels.length).fill(1);
  if (Array.isArray(classWeights)) {
    if (classWeights.length !== labels.length) {
      throw new Error(`class_weights has ${classWeights.length} entries but the output has ${labels.length} classes (${labels.join(', ')})`);
    }
    weights.set(classWeights);
  } else {
    for (const [label, w] of Object.entries(classWeights)) {
      const i = labels.indexOf(label);
      if (i < 0) throw new Error(`class_weights names unknown class '${label}'; classes are ${labels.join(', ')}`);
      weights[i] = w;
    }
  }
  return weights;
}
