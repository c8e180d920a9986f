import * as tf from '@tensorflow/tfjs-core';
import type { ConcatCombinerConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import type { CombinerFactory } from './combiner.js';
import { emitConcat } from '../export/ops.js';

/**
 * Ludwig's concat combiner: concatenate, then an optional FC stack. With `residual`, each FC
 * layer whose input and output sizes match adds its input back (He et al., 2016).
 */
export const concatCombiner: CombinerFactory<ConcatCombinerConfig> = ({ config, inputSizes, params, rng, inputIsData = false }) => {
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
