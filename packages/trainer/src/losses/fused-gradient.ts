import * as tf from '@tensorflow/tfjs-core';
import { readValues } from '../backend/tensor-memory.js';

/**
 * Writes d(loss)/d(logit) for every logit into `gradient` and returns the loss, reading the
 * logits as a flat row-major array.
 */
export type LossWithGradient = (logits: Float32Array, gradient: Float32Array) => number;

/**
 * A scalar loss of the logits as one op whose gradient is computed with its value, in plain
 * loops over the batch. Built from tfjs ops, a cross entropy is ~25 kernel calls per step
 * (forward and backward) on tensors of a few hundred numbers, where each call's engine
 * bookkeeping costs far more than its arithmetic; this is three.
 */
export function lossWithGradient(logits: tf.Tensor2D, compute: LossWithGradient): tf.Scalar {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const gradient = new Float32Array(z.size);
    const loss = compute(readValues(z), gradient);
    const gradientTensor = tf.tensor(gradient, z.shape, 'float32');
    save([gradientTensor]);
    return {
      value: tf.scalar(loss),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(saved[0], dy),
    };
  });
  return op(logits) as tf.Scalar;
}
