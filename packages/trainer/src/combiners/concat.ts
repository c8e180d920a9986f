import * as tf from '@tensorflow/tfjs-core';
import type { ConcatCombinerConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import type { Combiner, CombinerFactory } from './combiner.js';
import { OvertureError } from '@overture/config';
import { emitConcat } from '../export/ops.js';

/**
 * Ludwig's concat combiner: concatenate, then an optional FC stack. With `residual`, each FC
 * layer whose input and output sizes match adds its input back (He et al., 2016).
 */
export const concatCombiner: CombinerFactory<ConcatCombinerConfig> = (args) => {
  const sequence = args.inputSequences?.find((q) => q !== null);
  if (sequence) return concatOverSteps(args, sequence);
  const { config, inputSizes, params, rng, inputIsData = false } = args;
  const concatSize = inputSizes.reduce((a, b) => a + b, 0);
  const specs = resolveFcLayers(config);
  const layers: FcStack[] = [];
  let size = concatSize;
  specs.forEach((spec, i) => {
    layers.push(new FcStack(params, `combiner.layer_${i}`, size, [spec], rng, i === 0 && inputIsData));
    size = spec.output_size;
  });
  return {
    outputSize: size,
    forward: (encoded, ctx) => {
      let h = encoded.length === 1 ? encoded[0] : (tf.concat(encoded, 1) as tf.Tensor2D);
      for (const layer of layers) {
        const out = layer.forward(h, ctx);
        h = config.residual && out.shape[1] === h.shape[1] ? (tf.add(out, h) as tf.Tensor2D) : out;
      }
      return h;
    },
    exportOnnx: (g, encoded) => {
      let h = emitConcat(g, encoded);
      let width = concatSize;
      layers.forEach((layer, i) => {
        const out = layer.exportOnnx(g, h);
        const size = specs[i].output_size;
        h = config.residual && size === width ? g.op('Add', [out, h]) : out;
        width = size;
      });
      return h;
    },
  };
};

/**
 * Ludwig's concat over one input that keeps its sequence (what its tagger check allows beside
 * sequence_concat): torch.cat of a single [batch, steps, size] tensor is that tensor, and the FC
 * stack runs on every step. With other inputs Ludwig's torch.cat fails on the ranks, so that is
 * refused with the combiner to use instead.
 */
function concatOverSteps(args: Parameters<CombinerFactory<ConcatCombinerConfig>>[0], sequence: { steps: number; size: number }): Combiner {
  const { config, inputSizes, params, rng } = args;
  if (inputSizes.length !== 1) {
    throw new OvertureError('unsupported', 'the concat combiner over an input that keeps its sequence (reduce_output: null) and other inputs is not supported yet (Ludwig cannot concatenate a sequence with vectors either); use combiner: {type: sequence_concat}');
  }
  const { steps } = sequence;
  const specs = resolveFcLayers(config);
  const layers: FcStack[] = [];
  let size = sequence.size;
  specs.forEach((spec, i) => {
    layers.push(new FcStack(params, `combiner.layer_${i}`, size, [spec], rng));
    size = spec.output_size;
  });
  const stepSize = size;
  return {
    outputSize: steps * stepSize,
    sequence: { steps, size: stepSize, maskOf: 0 },
    forward: ([encoded], ctx) => {
      const batch = encoded.shape[0];
      let h = tf.reshape(encoded, [batch * steps, sequence.size]) as tf.Tensor2D;
      let width = sequence.size;
      for (const layer of layers) {
        const out = layer.forward(h, ctx);
        h = config.residual && out.shape[1] === width ? (tf.add(out, h) as tf.Tensor2D) : out;
        width = out.shape[1];
      }
      return tf.reshape(h, [batch, steps * stepSize]);
    },
    exportOnnx: (g, [encoded]) => {
      let h = g.op('Reshape', [encoded, g.constant([-1, sequence.size], [2], 'int64', 'shape')]);
      let width = sequence.size;
      layers.forEach((layer, i) => {
        const out = layer.exportOnnx(g, h);
        h = config.residual && specs[i].output_size === width ? g.op('Add', [out, h]) : out;
        width = specs[i].output_size;
      });
      return g.op('Reshape', [h, g.constant([-1, steps * stepSize], [2], 'int64', 'shape')]);
    },
  };
}
