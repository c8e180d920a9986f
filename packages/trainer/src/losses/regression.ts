import * as tf from '@tensorflow/tfjs-core';
import type { LossFactory } from './loss.js';

export const meanSquaredError: LossFactory<unknown> = () => (pred, target) => tf.mean(tf.squaredDifference(pred, target)) as tf.Scalar;

export const rootMeanSquaredError: LossFactory<unknown> = () => (pred, target) =>
  tf.sqrt(tf.add(tf.mean(tf.squaredDifference(pred, target)), 1e-12)) as tf.Scalar;

export const meanAbsoluteError: LossFactory<unknown> = () => (pred, target) => tf.mean(tf.abs(tf.sub(pred, target))) as tf.Scalar;

/** Percentage error relative to |target|, guarded near zero as torchmetrics does. */
export const meanAbsolutePercentageError: LossFactory<unknown> = () => (pred, target) =>
  tf.mean(tf.div(tf.abs(tf.sub(pred, target)), tf.maximum(tf.abs(target), 1.17e-6))) as tf.Scalar;

export const huber: LossFactory<{ delta: number }> = ({ delta }) => (pred, target) => {
  const err = tf.abs(tf.sub(pred, target));
  const quadratic = tf.minimum(err, delta);
  const linear = tf.sub(err, quadratic);
  return tf.mean(tf.add(tf.mul(tf.square(quadratic), 0.5), tf.mul(linear, delta))) as tf.Scalar;
};
