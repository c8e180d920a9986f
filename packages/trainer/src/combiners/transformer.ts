import * as tf from '@tensorflow/tfjs-core';
import type { TransformerCombinerConfig } from '@overture/config';
import { createSequenceReducer } from '../layers/attention-reducer.js';
import { TransformerStack } from '../layers/transformer.js';
import type { CombinerFactory } from './combiner.js';
import { FeatureTokens, featuresPerInput, ResidualFcStack } from './feature-tokens.js';

/**
 * Ludwig's TransformerCombiner: each input feature projected to a token of hidden_size, the
 * transformer stack attending across the features (no mask: every feature is present), the
 * tokens reduced (`reduce_output`, mean by default), then the FC stack.
 */
export const transformerCombiner: CombinerFactory<TransformerCombinerConfig> = ({ config, inputSizes, inputFeatures, params, rng, inputIsData = false }) => {
  const hidden = config.hidden_size;
  const tokens = new FeatureTokens(params, 'combiner', inputSizes, hidden, config, rng, inputIsData, featuresPerInput(inputSizes, inputFeatures));
  const features = tokens.count;
  const stack = new TransformerStack(params, 'combiner.transformer', {
    numLayers: config.num_layers, hiddenSize: hidden, numHeads: config.num_heads, feedForwardSize: config.transformer_output_size, dropout: config.dropout,
  }, rng);
  const reducer = createSequenceReducer(params, 'combiner.reduce_sequence', config.reduce_output, features, hidden, rng);
  const fc = new ResidualFcStack(params, 'combiner.fc', reducer.outputSize, config, rng);
  return {
    outputSize: fc.outputSize,
    forward: (encoded, ctx) => {
      const batch = encoded[0].shape[0];
      const h = stack.forward(tf.reshape(tokens.forward(encoded), [batch * features, hidden]), batch, features, null, ctx);
      return fc.forward(reducer.forward(tf.reshape(h, [batch, features, hidden]), null), ctx);
    },
    exportOnnx: (g, encoded) => fc.exportOnnx(g, reducer.exportOnnx(g, stack.exportOnnx(g, tokens.exportOnnx(g, encoded), features, null), null)),
  };
};
