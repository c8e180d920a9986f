import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type CnnRnnEncoderConfig, type RnnEncoderConfig } from '@overture/config';
import type { OnnxGraph } from '../../export/onnx-graph.js';
import { dropout } from '../../layers/dropout.js';
import { embeddingLookup, exportEmbeddingLookup } from '../../layers/embedding.js';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import { RecurrentStack, type RecurrentStackSpec } from '../../layers/rnn-stack.js';
import type { ForwardContext } from '../../model/context.js';
import { isTokenSequenceMetadata, type TokenSequenceMetadata } from '../../preprocessing/types.js';
import { createEmbeddingTable } from '../embeddings.js';
import type { Encoder, EncoderBuildArgs } from '../encoder.js';
import { AttentionReduction } from './attention-reduction.js';
import {
  exportPrefixMask, exportReduceStates, exportSequenceLens, exportTextSteps, prefixMask, reducedSize, reduceStates, textSteps,
} from './recurrent-steps.js';

type RecurrentConfig = RnnEncoderConfig | CnnRnnEncoderConfig;

/** What runs between the embeddings and the recurrent layers (cnnrnn's convolutions; nothing for rnn). */
export interface SequenceFront {
  /** Steps and channels of the output for `seq` input steps. */
  readonly outLength: number;
  readonly outChannels: number;
  apply(x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D;
  /** Real steps of each output row from the input's. */
  lengths(lengths: Int32Array): Int32Array;
  exportOnnx(g: OnnxGraph, x: string): string;
  /** lengths as ONNX nodes (float32 [batch]). */
  exportLengths(g: OnnxGraph, lengths: string): string;
}

export function textMetadata(args: EncoderBuildArgs<unknown>): TokenSequenceMetadata {
  const meta = args.input.metadata;
  if (!isTokenSequenceMetadata(meta) || meta.str2idf !== null) {
    throw new OvertureError('internal', `the ${args.name} encoder needs padded token ids of a text or sequence feature`);
  }
  return meta;
}

export function recurrentSpec(config: RecurrentConfig, numLayers: number): RecurrentStackSpec {
  return {
    cell: config.cell_type,
    stateSize: config.state_size,
    numLayers,
    bidirectional: config.bidirectional,
    activation: config.activation,
    recurrentActivation: config.recurrent_activation,
    useBias: config.use_bias,
    unitForgetBias: config.unit_forget_bias,
    weightsInitializer: config.weights_initializer,
    recurrentInitializer: config.recurrent_initializer,
    biasInitializer: config.bias_initializer,
    dropout: config.recurrent_dropout,
  };
}

/**
 * Embeddings (Ludwig's EmbedSequence: dense of min(vocabulary, embedding_size) or one-hot rows,
 * dropout while training) → `front` → the recurrent stack over the real steps → the reduction →
 * the FC stack. `buildFront` receives the embedding size and the sequence length.
 */
export function recurrentEncoder(
  args: EncoderBuildArgs<RecurrentConfig>,
  numLayers: number,
  buildFront: (embeddingSize: number, seq: number) => SequenceFront | null,
): Encoder {
  const { name, config, params, rng } = args;
  const meta = textMetadata(args as EncoderBuildArgs<unknown>);
  const seq = meta.max_sequence_length;
  const vocabSize = args.input.vocabSize;
  const sparse = config.representation === 'sparse';
  // Ludwig: embeddings_trainable applies to dense embeddings; one-hot rows stay one-hot.
  const embeddingsLearn = !sparse && config.embeddings_trainable;
  const { table, size } = createEmbeddingTable(params, name, vocabSize, Math.min(vocabSize, config.embedding_size), {
    sparse, trainable: embeddingsLearn, initializer: config.weights_initializer,
  }, rng);
  const front = buildFront(size, seq);
  const steps = front?.outLength ?? seq;
  const stack = new RecurrentStack(params, name, front?.outChannels ?? size, recurrentSpec(config, numLayers), rng);
  const reduction = config.reduce_output;
  const attention = reduction === 'attention' ? new AttentionReduction(params, name, stack.outputSize, rng) : null;
  const fc = new FcStack(params, name, reducedSize(config.reduce_output, steps, stack.outputSize), resolveFcLayers({
    fc_layers: config.fc_layers, num_fc_layers: config.num_fc_layers, output_size: config.output_size, activation: config.fc_activation,
    dropout: config.fc_dropout, norm: config.norm, use_bias: config.use_bias, weights_initializer: config.weights_initializer,
    bias_initializer: config.bias_initializer,
  }), rng);
  const padding = meta.preprocessing.padding;
  return {
    outputSize: fc.outputSize,
    forward: (input, ctx) => {
      const { ids, lengths: tokenLengths } = textSteps(tf.cast(input, 'int32') as tf.Tensor2D, meta.pad_idx, padding);
      let x = embeddingLookup(table as tf.Tensor2D, ids);
      if (ctx.training && config.dropout > 0) x = dropout(x, config.dropout, ctx.rng.nextSeed());
      if (front) x = front.apply(x, ctx);
      const lengths = front ? front.lengths(tokenLengths) : tokenLengths;
      const states = stack.forward(x, prefixMask(lengths, steps), ctx, embeddingsLearn || front !== null);
      const reduced = reduction === 'attention' ? attention!.apply(states, prefixMask(lengths, steps)) : reduceStates(states, lengths, reduction);
      return fc.forward(reduced, ctx);
    },
    exportOnnx: (g, input) => {
      const { ids, lengths: tokenLengths } = exportTextSteps(g, input, meta.pad_idx, seq, padding);
      let x = exportEmbeddingLookup(g, g.param(`${name}.embeddings`), ids);
      let lengths = tokenLengths;
      if (front) {
        x = front.exportOnnx(g, x);
        lengths = front.exportLengths(g, tokenLengths);
      }
      const states = stack.exportOnnx(g, x, exportSequenceLens(g, lengths));
      const reduced = reduction === 'attention'
        ? attention!.exportOnnx(g, states, exportPrefixMask(g, lengths, steps), steps)
        : exportReduceStates(g, states, lengths, steps, stack.outputSize, reduction);
      return fc.exportOnnx(g, reduced);
    },
  };
}
