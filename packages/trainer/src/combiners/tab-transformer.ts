import * as tf from '@tensorflow/tfjs-core';
import type { InputFeatureType, TabTransformerCombinerConfig } from '@overture/config';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import { layerNorm } from '../layers/normalization.js';
import { createSequenceReducer } from '../layers/attention-reducer.js';
import { TransformerStack } from '../layers/transformer.js';
import type { CombinerFactory } from './combiner.js';
import { exportRepeatOverBatch, FeatureTokens, ResidualFcStack } from './feature-tokens.js';

/** Ludwig leaves number and binary encoder outputs out of the attention (they skip to the FC stack). */
const skipsAttention = (type: InputFeatureType) => type === 'number' || type === 'binary';

/**
 * Ludwig's TabTransformerCombiner (Huang et al., 2020): the encoded inputs of features that are
 * not numbers or binaries are projected to tokens (optionally with a learned embedding of which
 * feature each is) and attend to each other through the transformer stack, reduced (concat by
 * default); number and binary outputs are concatenated and layer-normalized (not when that is a
 * single value: LayerNorm of one value is always 0); both join before the FC stack.
 */
export const tabTransformerCombiner: CombinerFactory<TabTransformerCombinerConfig> = ({ config, inputSizes, inputFeatures, params, rng, inputIsData = false }) => {
  const hidden = config.hidden_size;
  const attends = inputSizes.map((_, i) => {
    const features = inputFeatures?.[i];
    return !features || !features.every((f) => skipsAttention(f.type));
  });
  const tokenInputs = inputSizes.flatMap((_, i) => (attends[i] ? [i] : []));
  const skipInputs = inputSizes.flatMap((_, i) => (attends[i] ? [] : [i]));
  const nameEmbedding = config.embed_input_feature_name;
  const nameSize = nameEmbedding === null ? 0 : nameEmbedding === 'add' ? hidden : nameEmbedding;
  const projectorSize = typeof nameEmbedding === 'number' ? hidden - nameEmbedding : hidden;
  const tokens = new FeatureTokens(params, 'combiner', tokenInputs.map((i) => inputSizes[i]), projectorSize, config, rng, inputIsData);
  const count = tokenInputs.length;
  const names = nameSize > 0 && count > 0
    ? params.create('combiner.feature_name_embeddings', [count, nameSize], Float32Array.from({ length: count * nameSize }, () => rng.nextGaussian()))
    : null;
  const stack = count > 0
    ? new TransformerStack(params, 'combiner.transformer', {
      numLayers: config.num_layers, hiddenSize: hidden, numHeads: config.num_heads, feedForwardSize: config.transformer_output_size, dropout: config.dropout,
    }, rng)
    : null;
  const skipWidth = skipInputs.reduce((n, i) => n + inputSizes[i], 0);
  const norm = skipWidth > 1 ? layerNorm(params, 'combiner.layer_norm', skipWidth) : null;
  const reducer = count > 0 ? createSequenceReducer(params, 'combiner.reduce_sequence', config.reduce_output, count, hidden, rng) : null;
  const fc = new ResidualFcStack(params, 'combiner.fc', (reducer?.outputSize ?? 0) + skipWidth, config, rng);

  const named = (t: tf.Tensor3D): tf.Tensor3D => {
    if (!names) return t;
    if (nameEmbedding === 'add') return tf.add(t, names) as tf.Tensor3D;
    return tf.concat([t, tf.broadcastTo(tf.expandDims(names, 0), [t.shape[0], count, nameSize])], 2);
  };
  const exportNamed = (g: OnnxGraph, t: string, reference: string): string => {
    if (!names) return t;
    const table = g.param('combiner.feature_name_embeddings');
    if (nameEmbedding === 'add') return g.op('Add', [t, table]);
    return g.op('Concat', [t, exportRepeatOverBatch(g, reference, table)], { axis: attr.int(2) });
  };

  return {
    outputSize: fc.outputSize,
    forward: (encoded, ctx) => {
      const batch = encoded[0].shape[0];
      const parts: tf.Tensor2D[] = [];
      if (stack && reducer) {
        const t = named(tokens.forward(tokenInputs.map((i) => encoded[i])));
        const h = stack.forward(tf.reshape(t, [batch * count, hidden]), batch, count, null, ctx);
        parts.push(reducer.forward(tf.reshape(h, [batch, count, hidden]), null));
      }
      if (skipInputs.length > 0) {
        const skipped = skipInputs.length === 1 ? encoded[skipInputs[0]] : (tf.concat(skipInputs.map((i) => encoded[i]), 1) as tf.Tensor2D);
        parts.push(norm ? norm.apply(skipped, ctx) : skipped);
      }
      return fc.forward(parts.length === 1 ? parts[0] : (tf.concat(parts, 1) as tf.Tensor2D), ctx);
    },
    exportOnnx: (g, encoded) => {
      const parts: string[] = [];
      if (stack && reducer) {
        const h = stack.exportOnnx(g, exportNamed(g, tokens.exportOnnx(g, tokenInputs.map((i) => encoded[i])), encoded[tokenInputs[0]]), count, null);
        parts.push(reducer.exportOnnx(g, h, null));
      }
      if (skipInputs.length > 0) {
        const skipped = skipInputs.length === 1 ? encoded[skipInputs[0]] : g.op('Concat', skipInputs.map((i) => encoded[i]), { axis: attr.int(1) });
        parts.push(norm ? norm.exportOnnx(g, skipped) : skipped);
      }
      return fc.exportOnnx(g, parts.length === 1 ? parts[0] : g.op('Concat', parts, { axis: attr.int(1) }));
    },
  };
};
