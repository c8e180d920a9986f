import * as tf from '@tensorflow/tfjs-core';

/** Ludwig's activation names. */
const activations = {
  relu: (x: tf.Tensor) => tf.relu(x),
  leakyRelu: (x: tf.Tensor) => tf.leakyRelu(x, 0.01),
  leaky_relu: (x: tf.Tensor) => tf.leakyRelu(x, 0.01),
  elu: (x: tf.Tensor) => tf.elu(x),
  selu: (x: tf.Tensor) => tf.selu(x),
  gelu: (x: tf.Tensor) => tf.mul(x, tf.sigmoid(tf.mul(x, 1.702))),
  tanh: (x: tf.Tensor) => tf.tanh(x),
  sigmoid: (x: tf.Tensor) => tf.sigmoid(x),
  softplus: (x: tf.Tensor) => tf.softplus(x),
  logSigmoid: (x: tf.Tensor) => tf.logSigmoid(x),
  softmax: (x: tf.Tensor) => tf.softmax(x),
  linear: (x: tf.Tensor) => x,
  none: (x: tf.Tensor) => x,
} satisfies Record<string, (x: tf.Tensor) => tf.Tensor>;

export type ActivationName = keyof typeof activations;

export function applyActivation(name: string | null | undefined, x: tf.Tensor): tf.Tensor {
  if (!name) return x;
  const fn = (activations as Record<string, (x: tf.Tensor) => tf.Tensor>)[name];
  if (!fn) throw new Error(`unknown activation '${name}'`);
  return fn(x);
}
