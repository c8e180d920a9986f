import * as tf from '@tensorflow/tfjs-core';
import type { FtTransformerCombinerConfig } from '@overture/config';
import { attr } from '../export/onnx-graph.js';
import { reduceSequence } from '../layers/reduce-sequence.js';
import { TransformerStack } from '../layers/transformer.js';
import type { CombinerFactory } from './combiner.js';
import { exportRepeatOverBatch, FeatureTokens, featuresPerInput, ResidualFcStack } from './feature-tokens.js';

/**
 * Ludwig's FTTransformerCombiner (Gorishniy et al., 2021): a token per input feature, a learned
 * [CLS] token in front, the transformer stack, and the [CLS] token's output through the FC stack.
 */
export const ftTransformerCombiner: CombinerFactory<FtTransformerCombinerConfig> = ({ config, inputSizes, inputFeatures, params, rng, inputIsData = false }) => {
  const hidden = config.hidden_size;
  const tokens = new FeatureTokens(params, 'combiner', inputSizes, hidden, config, rng, inputIsData, featuresPerInput(inputSizes, inputFeatures));
  const steps = tokens.count + 1;
  // torch.randn, as Ludwig initializes its cls_token.
  const cls = params.create('combiner.cls_token', [1, 1, hidden], Float32Array.from({ length: hidden }, () => rng.nextGaussian()));
  const stack = new TransformerStack(params, 'combiner.transformer', {
    numLayers: config.num_layers, hiddenSize: hidden, numHeads: config.num_heads, feedForwardSize: config.transformer_output_size, dropout: config.dropout,
  }, rng);
  const fc = new ResidualFcStack(params, 'combiner.fc', hidden, config, rng);
  return {
    outputSize: fc.outputSize,
    forward: (encoded, ctx) => {
      const batch = encoded[0].shape[0];
      const sequence = tf.concat([tf.broadcastTo(cls, [batch, 1, hidden]), tokens.forward(encoded)], 1);
      const h = stack.forward(tf.reshape(sequence, [batch * steps, hidden]), batch, steps, null, ctx);
      // The [CLS] step, as a pooling under a mask that keeps step 0 only (one kernel each way).
      const first = tf.tidy(() => tf.tensor2d(Float32Array.from({ length: batch * steps }, (_, i) => (i % steps === 0 ? 1 : 0)), [batch, steps]));
      return fc.forward(reduceSequence(tf.reshape(h, [batch, steps, hidden]), first, 'sum'), ctx);
    },
    exportOnnx: (g, encoded) => {
      const features = tokens.exportOnnx(g, encoded);
      const sequence = g.op('Concat', [exportRepeatOverBatch(g, encoded[0], g.param('combiner.cls_token')), features], { axis: attr.int(1) });
      const h = stack.exportOnnx(g, sequence, steps, null);
      return fc.exportOnnx(g, g.op('Gather', [h, g.constant([0], [], 'int64', 'index')], { axis: attr.int(1) }));
    },
  };
};
