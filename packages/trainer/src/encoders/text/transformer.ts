import * as tf from '@tensorflow/tfjs-core';
import { keepsSequence, OvertureError, type TransformerEncoderConfig } from '@overture/config';
import type { OnnxGraph } from '../../export/onnx-graph.js';
import type { ForwardContext } from '../../model/context.js';
import { attr } from '../../export/onnx-graph.js';
import { exportDense3d } from '../../layers/attention.js';
import { denseForward } from '../../layers/dense.js';
import { dropout } from '../../layers/dropout.js';
import { embeddingLookup, exportEmbeddingLookup } from '../../layers/embedding.js';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import { initialize } from '../../layers/initializers.js';
import { createSequenceReducer } from '../../layers/attention-reducer.js';
import { PositionEmbedding, TransformerStack } from '../../layers/transformer.js';
import type { EncoderBuildArgs, EncoderFactory } from '../encoder.js';
import { isTokenSequenceMetadata } from '../../preprocessing/types.js';
import { tokenTableWidth } from '../embeddings.js';
import { allStepsMask, exportAllStepsMask, exportFloatSteps, floatSequenceOf, floatSteps, type FloatSequence } from '../float-sequence-input.js';

/**
 * Ludwig's `transformer` sequence encoder (StackedTransformer): token embeddings plus learned
 * position embeddings, a projection to hidden_size when the embedding is narrower or wider,
 * `num_layers` transformer blocks whose attention skips padding tokens, a reduction over the
 * steps, then the FC stack. The input is the padded token ids [batch, max_sequence_length].
 */
export const transformerEncoder: EncoderFactory<TransformerEncoderConfig> = (args) => {
  const floats = floatSequenceOf(args as EncoderBuildArgs<unknown>);
  if (floats) return floatTransformer(args, floats);
  const { name, config, input, params, rng } = args;
  const meta = input.metadata;
  if (!isTokenSequenceMetadata(meta) || meta.str2idf !== null) {
    throw new OvertureError('internal', `${name}: the transformer encoder needs padded token ids, not a tf-idf vector`);
  }
  const seq = input.width;
  const vocab = input.vocabSize;
  const padId = meta.pad_idx;
  const sparse = config.representation === 'sparse';
  // Ludwig's EmbedSequence: a dense table is at most as wide as the vocabulary; sparse is one-hot rows.
  const embeddingSize = sparse ? vocab : tokenTableWidth(vocab, config);
  const tableValues = sparse
    ? Float32Array.from({ length: vocab * vocab }, (_, i) => (Math.floor(i / vocab) === i % vocab ? 1 : 0))
    : initialize(config.weights_initializer, [vocab, embeddingSize], rng);
  const table = params.create(`${name}.embeddings`, [vocab, embeddingSize], tableValues, !sparse && config.embeddings_trainable);
  const positions = new PositionEmbedding(params, `${name}.position_embeddings`, seq, embeddingSize, rng);
  const hidden = config.hidden_size;
  const project = embeddingSize === hidden ? null : {
    prefix: `${name}.project_to_hidden_size`,
    kernel: params.create(`${name}.project_to_hidden_size.kernel`, [embeddingSize, hidden], initialize('xavier_uniform', [embeddingSize, hidden], rng)),
    bias: params.create(`${name}.project_to_hidden_size.bias`, [hidden], new Float32Array(hidden)),
  };
  const stack = new TransformerStack(params, `${name}.transformer`, {
    numLayers: config.num_layers, hiddenSize: hidden, numHeads: config.num_heads, feedForwardSize: config.transformer_output_size, dropout: config.dropout,
  }, rng);
  const mask = (ids: tf.Tensor2D) => tf.cast(tf.notEqual(ids, tf.scalar(padId, 'int32')), 'float32') as tf.Tensor2D;
  const exportMask = (g: OnnxGraph, ids: string) => g.op('Cast', [g.op('Not', [g.op('Equal', [g.op('Cast', [ids], { to: attr.int(1) }), g.scalar(padId)])])], { to: attr.int(1) });
  const encode = (ids: tf.Tensor2D, ctx: ForwardContext) => {
    const tokens = embeddingLookup(table as tf.Tensor2D, ids);
    const embedded = ctx.training && config.dropout > 0 ? dropout(tokens, config.dropout, ctx.rng.nextSeed()) : tokens;
    let h = positions.add(embedded);
    if (project) h = denseForward(h, project.kernel as tf.Tensor2D, project.bias as tf.Tensor1D, 'linear');
    return stack.forward(h, ids.shape[0], seq, mask(ids), ctx);
  };
  const exportEncode = (g: OnnxGraph, ids: string) => {
    let h = positions.exportOnnx(g, exportEmbeddingLookup(g, g.param(`${name}.embeddings`), ids));
    if (project) h = exportDense3d(g, h, project);
    return stack.exportOnnx(g, h, seq, exportMask(g, ids));
  };
  // reduce_output null: every token's state, [batch, steps × hidden_size], no FC stack (Ludwig).
  if (keepsSequence(config.reduce_output)) {
    return {
      outputSize: seq * hidden,
      sequence: { steps: seq, size: hidden, mask, exportMask },
      forward: (ids, ctx) => tf.reshape(encode(ids, ctx), [ids.shape[0], seq * hidden]),
      exportOnnx: (g, ids) => g.op('Reshape', [exportEncode(g, ids), g.constant([-1, seq * hidden], [2], 'int64', 'shape')]),
    };
  }
  const reducer = createSequenceReducer(params, `${name}.reduce_sequence`, config.reduce_output as Exclude<typeof config.reduce_output, null | 'none' | 'None'>, seq, hidden, rng);
  const fc = new FcStack(params, name, reducer.outputSize, resolveFcLayers({
    ...config, activation: config.fc_activation, dropout: config.fc_dropout,
  }), rng);

  return {
    outputSize: fc.outputSize,
    forward: (ids, ctx) => {
      const batch = ids.shape[0];
      const tokens = embeddingLookup(table as tf.Tensor2D, ids);
      const embedded = ctx.training && config.dropout > 0 ? dropout(tokens, config.dropout, ctx.rng.nextSeed()) : tokens;
      let h = positions.add(embedded);
      if (project) h = denseForward(h, project.kernel as tf.Tensor2D, project.bias as tf.Tensor1D, 'linear');
      const mask = tf.cast(tf.notEqual(ids, tf.scalar(padId, 'int32')), 'float32') as tf.Tensor2D;
      const encoded = stack.forward(h, batch, seq, mask, ctx);
      return fc.forward(reducer.forward(tf.reshape(encoded, [batch, seq, hidden]), mask), ctx);
    },
    exportOnnx: (g, ids) => {
      const tokens = exportEmbeddingLookup(g, g.param(`${name}.embeddings`), ids);
      let h = positions.exportOnnx(g, tokens);
      if (project) h = exportDense3d(g, h, project);
      const mask = g.op('Cast', [g.op('Not', [g.op('Equal', [g.op('Cast', [ids], { to: attr.int(1) }), g.scalar(padId)])])], { to: attr.int(1) });
      const encoded = stack.exportOnnx(g, h, seq, mask);
      return fc.exportOnnx(g, reducer.exportOnnx(g, encoded, mask));
    },
  };
};

/**
 * Over frames of floats (timeseries): Ludwig's StackedTransformer with `should_embed=False`
 * projects each step's values to hidden_size (no position embeddings: Ludwig adds them with the
 * token embeddings only), then the same blocks, with every step attended.
 */
function floatTransformer({ name, config, params, rng }: EncoderBuildArgs<TransformerEncoderConfig>, floats: FloatSequence) {
  if (keepsSequence(config.reduce_output)) {
    throw new OvertureError('unsupported', `${name.replace(/^encoders\./, "feature '")}': reduce_output null on the transformer encoder of a timeseries is not supported yet; reduce the steps (last, sum, mean, max, concat, attention)`);
  }
  const seq = floats.length;
  const hidden = config.hidden_size;
  const project = {
    prefix: `${name}.project_to_hidden_size`,
    kernel: params.create(`${name}.project_to_hidden_size.kernel`, [floats.channels, hidden], initialize('xavier_uniform', [floats.channels, hidden], rng)),
    bias: params.create(`${name}.project_to_hidden_size.bias`, [hidden], new Float32Array(hidden)),
  };
  const stack = new TransformerStack(params, `${name}.transformer`, {
    numLayers: config.num_layers, hiddenSize: hidden, numHeads: config.num_heads, feedForwardSize: config.transformer_output_size, dropout: config.dropout,
  }, rng);
  const reducer = createSequenceReducer(params, `${name}.reduce_sequence`, config.reduce_output as Exclude<typeof config.reduce_output, null | 'none' | 'None'>, seq, hidden, rng);
  const fc = new FcStack(params, name, reducer.outputSize, resolveFcLayers({
    ...config, activation: config.fc_activation, dropout: config.fc_dropout,
  }), rng);
  return {
    outputSize: fc.outputSize,
    forward: (input: tf.Tensor2D, ctx: Parameters<typeof stack.forward>[4]) => {
      const batch = input.shape[0];
      // [batch · steps, channels] rows, as the token path's embeddings are.
      const steps = tf.reshape(floatSteps(input, floats), [batch * seq, floats.channels]) as tf.Tensor2D;
      const h = denseForward(steps, project.kernel as tf.Tensor2D, project.bias as tf.Tensor1D, 'linear', false);
      const mask = allStepsMask(batch, floats);
      const encoded = stack.forward(h, batch, seq, mask, ctx);
      return fc.forward(reducer.forward(tf.reshape(encoded, [batch, seq, hidden]), mask), ctx);
    },
    exportOnnx: (g: Parameters<typeof stack.exportOnnx>[0], input: string) => {
      const x = exportFloatSteps(g, input, floats);
      const mask = exportAllStepsMask(g, x);
      const encoded = stack.exportOnnx(g, exportDense3d(g, x, project), seq, mask);
      return fc.exportOnnx(g, reducer.exportOnnx(g, encoded, mask));
    },
  };
}
