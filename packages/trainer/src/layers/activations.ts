import * as tf from '@tensorflow/tfjs-core';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';

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

/**
 * The same activations as ONNX ops (opset 17); the `satisfies` makes an activation without an
 * exporter a compile error. Constants match tfjs: leaky slope 0.01, ELU alpha 1, SELU's defaults.
 */
const onnxActivations = {
  relu: (g, x) => g.op('Relu', [x]),
  leakyRelu: (g, x) => g.op('LeakyRelu', [x], { alpha: attr.float(0.01) }),
  leaky_relu: (g, x) => g.op('LeakyRelu', [x], { alpha: attr.float(0.01) }),
  elu: (g, x) => g.op('Elu', [x], { alpha: attr.float(1) }),
  selu: (g, x) => g.op('Selu', [x]),
  gelu: (g, x) => g.op('Mul', [x, g.op('Sigmoid', [g.op('Mul', [x, g.scalar(1.702)])])]),
  tanh: (g, x) => g.op('Tanh', [x]),
  sigmoid: (g, x) => g.op('Sigmoid', [x]),
  softplus: (g, x) => g.op('Softplus', [x]),
  // log σ(x) = −softplus(−x), as tfjs computes it.
  logSigmoid: (g, x) => g.op('Neg', [g.op('Softplus', [g.op('Neg', [x])])]),
  softmax: (g, x) => g.op('Softmax', [x], { axis: attr.int(-1) }),
  linear: (_g, x) => x,
  none: (_g, x) => x,
} satisfies Record<ActivationName, (g: OnnxGraph, x: string) => string>;

export function exportActivation(g: OnnxGraph, name: string | null | undefined, x: string): string {
  if (!name) return x;
  const fn = (onnxActivations as Record<string, (g: OnnxGraph, x: string) => string>)[name];
  if (!fn) throw new Error(`unknown activation '${name}'`);
  return fn(g, x);
}

export function applyActivation(name: string | null | undefined, x: tf.Tensor): tf.Tensor {
  if (!name) return x;
  const fn = (activations as Record<string, (x: tf.Tensor) => tf.Tensor>)[name];
  if (!fn) throw new Error(`unknown activation '${name}'`);
  return fn(x);
}
