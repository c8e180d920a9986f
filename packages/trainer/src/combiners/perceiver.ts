import * as tf from '@tensorflow/tfjs-core';
import type { PerceiverCombinerConfig } from '@overture/config';
import { CrossAttention } from '../layers/cross-attention.js';
import { createSequenceReducer } from '../layers/attention-reducer.js';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { denseForward } from '../layers/dense.js';
import { initialize } from '../layers/initializers.js';
import { layerNorm } from '../layers/normalization.js';
import { TransformerStack } from '../layers/transformer.js';
import { emitDense } from '../export/ops.js';
import type { CombinerFactory } from './combiner.js';
import { emitFeatureSlice, featureSlice, inConfigOrder, locateFeatures } from './feature-columns.js';

/**
 * Ludwig's perceiver combiner: each input feature is projected to a token of latent_dim; the
 * learned latents [num_latents, latent_dim] (N(0, 0.02²)) attend to the tokens (multi-head),
 * LayerNorm(latents + attended) (ε 1e-5), then the transformer blocks over the latents (Ludwig's
 * TransformerStack: feed-forward of latent_dim), the latents reduced, then the FC stack.
 */
export const perceiverCombiner: CombinerFactory<PerceiverCombinerConfig> = ({ config, inputSizes, inputFeatures, inputOrder, params, rng, inputIsData = false }) => {
  const d = config.latent_dim;
  const latentCount = config.num_latents;
  const features = inConfigOrder(locateFeatures(inputSizes, inputFeatures), inputOrder);
  const n = features.length;
  const latentInit = new Float32Array(latentCount * d);
  for (let i = 0; i < latentInit.length; i++) latentInit[i] = rng.nextGaussian() * 0.02;
  const latents = params.create('combiner.latents', [latentCount, d], latentInit);
  const projectors = features.map((f) => {
    const prefix = `combiner.projectors.${f.name}`;
    params.create(`${prefix}.kernel`, [f.width, d], initialize('xavier_uniform', [f.width, d], rng));
    params.create(`${prefix}.bias`, [d], new Float32Array(d));
    return { f, prefix };
  });
  const attention = new CrossAttention(params, 'combiner.cross_attn', d, config.num_heads, config.dropout, rng);
  const norm = layerNorm(params, 'combiner.cross_attn_norm', d);
  const blocks = new TransformerStack(params, 'combiner.transformer', {
    numLayers: config.num_self_attention_layers, hiddenSize: d, numHeads: config.num_heads, feedForwardSize: d, dropout: config.dropout,
  }, rng);
  const reducer = createSequenceReducer(params, 'combiner.reduce_sequence', config.reduce_output, latentCount, d, rng);
  const stack = new FcStack(params, 'combiner.fc', reducer.outputSize, resolveFcLayers(config), rng);
  return {
    outputSize: stack.outputSize,
    forward: (encoded, ctx) => {
      const projected = projectors.map(({ f, prefix }) =>
        denseForward(featureSlice(encoded, f), params.get(`${prefix}.kernel`) as tf.Tensor2D, params.get(`${prefix}.bias`) as tf.Tensor1D, 'linear', !inputIsData));
      const batch = projected[0].shape[0];
      const tokens = tf.reshape(tf.stack(projected, 1), [batch * n, d]) as tf.Tensor2D;
      const queries = tf.tile(latents, [batch, 1]) as tf.Tensor2D;
      const h = norm.apply(tf.add(queries, attention.forward(queries, tokens, batch, latentCount, n, ctx)) as tf.Tensor2D, ctx);
      const out = blocks.forward(h, batch, latentCount, null, ctx);
      return stack.forward(reducer.forward(tf.reshape(out, [batch, latentCount, d]) as tf.Tensor3D, null), ctx);
    },
    exportOnnx: (g, encoded) => {
      const token = g.constant([-1, 1, d], [3], 'int64', 'shape');
      const projected = projectors.map(({ f, prefix }) => g.op('Reshape', [emitDense(g, emitFeatureSlice(g, encoded, f), g.param(`${prefix}.kernel`), g.param(`${prefix}.bias`)), token]));
      const tokens = projected.length === 1 ? projected[0] : g.op('Concat', projected, { axis: { type: 'int', value: 1 } });
      // The latents for every row: [1, L, d] broadcast against the rows' batch size by adding zeros of [batch, 1, 1].
      const zeros = g.op('Mul', [g.op('ReduceSum', [tokens, g.constant([1, 2], [2], 'int64', 'axes')], { keepdims: { type: 'int', value: 1 } }), g.scalar(0)]);
      const queries = g.op('Add', [g.op('Unsqueeze', [g.param('combiner.latents'), g.constant([0], [1], 'int64', 'axes')]), zeros]);
      const attended = attention.exportOnnx(g, queries, tokens, latentCount, n);
      const h = norm.exportOnnx(g, g.op('Add', [queries, attended]));
      return stack.exportOnnx(g, reducer.exportOnnx(g, blocks.exportOnnx(g, h, latentCount, null), null));
    },
  };
};
