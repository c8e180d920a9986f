import * as tf from '@tensorflow/tfjs-core';
import type { BagEmbedEncoderConfig, SetEmbedEncoderConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import { initialize } from '../../layers/initializers.js';
import { denseForward } from '../../layers/dense.js';
import type { EncoderFactory } from '../encoder.js';
import { emitDense } from '../../export/ops.js';
import { dropout } from '../../layers/dropout.js';

/**
 * Sum of the embeddings of a set's elements, weighted by counts for a bag, then an FC stack
 * (Ludwig's set/bag `embed`). The input is a multi-hot (set) or count (bag) row, so the
 * weighted sum is one matrix product and needs no gather gradient.
 */
export const setEmbedEncoder: EncoderFactory<SetEmbedEncoderConfig | BagEmbedEncoderConfig> = ({ name, config, input, params, rng }) => {
  const sparse = config.representation === 'sparse';
  let embeddingSize = input.width;
  let table: tf.Variable | null = null;
  if (!sparse) {
    embeddingSize = config.embedding_size;
    table = params.create(
      `${name}.embeddings`, [input.width, embeddingSize],
      initialize(config.embedding_initializer ?? 'xavier_uniform', [input.width, embeddingSize], rng),
      config.embeddings_trainable,
    );
  }
  const stack = new FcStack(params, name, embeddingSize, resolveFcLayers(config), rng);
  return {
    outputSize: stack.outputSize,
    forward: (weights, ctx) => {
      let h = table ? denseForward(weights, table as tf.Tensor2D, null, 'linear', false) : weights;
      if (ctx.training && config.dropout > 0 && stack.layerSpecs.length === 0) {
        h = dropout(h, config.dropout, ctx.rng.nextSeed());
      }
      return stack.forward(h, ctx);
    },
    exportOnnx: (g, weights) => stack.exportOnnx(g, table ? emitDense(g, weights, g.param(`${name}.embeddings`), null) : weights),
  };
};
