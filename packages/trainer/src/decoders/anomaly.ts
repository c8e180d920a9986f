import * as tf from '@tensorflow/tfjs-core';
import type { AnomalyDecoderConfig } from '@overture/config';
import { decoderFcStack } from './head.js';
import { attr } from '../export/onnx-graph.js';
import type { DecoderFactory } from './decoder.js';

/** Name of the hypersphere centre of an anomaly decoder named `name` (a fixed, non-trained parameter). */
export function anomalyCenterName(decoderName: string): string {
  return `${decoderName}.center`;
}

/**
 * Ludwig's AnomalyDecoder: the decoder's FC stack gives z, the output is the anomaly score
 * ||z - c||² as a [batch, 1] column. The centre c is a parameter no gradient reaches (Ludwig's
 * registered buffer): zeros until the trainer sets it to the mean z of the training rows, and
 * saved with the weights, so a bundle scores as the trained model did. `hidden` is z.
 */
export const anomalyDecoder: DecoderFactory<AnomalyDecoderConfig> = (args) => {
  const { name, params } = args;
  const stack = decoderFcStack(args);
  const center = params.create(anomalyCenterName(name), [stack.outputSize], new Float32Array(stack.outputSize), false);
  return {
    hiddenSize: stack.outputSize,
    forward(input, ctx) {
      const hidden = stack.forward(input, ctx);
      const output = tf.sum(tf.square(tf.sub(hidden, center)), 1, true) as tf.Tensor2D;
      return { hidden, output };
    },
    exportOnnx(g, input) {
      const hidden = stack.exportOnnx(g, input);
      const diff = g.op('Sub', [hidden, g.param(anomalyCenterName(name))]);
      const output = g.op('ReduceSum', [g.op('Mul', [diff, diff]), g.constant([1], [1], 'int64', 'axes')], { keepdims: attr.int(1) });
      return { hidden, output };
    },
  };
};
