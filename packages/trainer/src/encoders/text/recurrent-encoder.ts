import * as tf from '@tensorflow/tfjs-core';
import { keepsSequence, OvertureError, type CnnRnnEncoderConfig, type RnnEncoderConfig } from '@overture/config';
import { exportSequenceMask, sequenceMask } from './sequence-embedding.js';
import type { OnnxGraph } from '../../export/onnx-graph.js';
import { dropout } from '../../layers/dropout.js';
import { embeddingLookup, exportEmbeddingLookup } from '../../layers/embedding.js';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import { RecurrentStack, type RecurrentStackSpec } from '../../layers/rnn-stack.js';
import type { ForwardContext } from '../../model/context.js';
import { isTokenSequenceMetadata, type TokenSequenceMetadata } from '../../preprocessing/types.js';
import { createEmbeddingTable, tokenTableWidth } from '../embeddings.js';
import type { Encoder, EncoderBuildArgs } from '../encoder.js';
import { exportAllStepsLengths, exportAllStepsMask, exportFloatSteps, floatSequenceOf, floatSteps, type FloatSequence } from '../float-sequence-input.js';
import { AttentionReduction } from './attention-reduction.js';
import {
  exportPrefixMask, exportReduceStates, exportSequenceLens, exportTextSteps, prefixMask, reducedSize, reduceStates, stateReduction, textSteps,
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
 * dropout while training) or frames of floats (`float-sequence-input.ts`) → `front` → the
 * recurrent stack over the real steps → the reduction → the FC stack. `buildFront` receives the
 * embedding size and the sequence length.
 */
export function recurrentEncoder(
  args: EncoderBuildArgs<RecurrentConfig>,
  numLayers: number,
  buildFront: (embeddingSize: number, seq: number) => SequenceFront | null,
): Encoder {
  const floats = floatSequenceOf(args as EncoderBuildArgs<unknown>);
  const entry = floats ? floatEntry(floats) : tokenEntry(args);
  return recurrentOver(args, numLayers, entry, buildFront);
}

/** What the recurrent layers (or cnnrnn's convolutions) read: embedded token ids, or frames of floats. */
interface RecurrentEntry {
  size: number;
  seq: number;
  /** Whether a gradient flows into the entry (so the first layer needs its input gradient). */
  learns: boolean;
  forward(input: tf.Tensor2D, ctx: ForwardContext): { x: tf.Tensor3D; lengths: Int32Array };
  exportOnnx(g: OnnxGraph, input: string): { x: string; lengths: string };
}

/** Frames of floats (timeseries): every step is real (Ludwig feeds the padded series unmasked). */
function floatEntry(floats: FloatSequence): RecurrentEntry {
  return {
    size: floats.channels,
    seq: floats.length,
    learns: false,
    forward: (input) => {
      const x = floatSteps(input, floats);
      return { x, lengths: new Int32Array(input.shape[0]).fill(floats.length) };
    },
    exportOnnx: (g, input) => {
      const x = exportFloatSteps(g, input, floats);
      return { x, lengths: exportAllStepsLengths(g, exportAllStepsMask(g, x)) };
    },
  };
}

/**
 * Token ids: Ludwig's EmbedSequence (dense of min(vocabulary, embedding_size) or one-hot rows,
 * dropout while training) over each row's real steps, moved first.
 */
function tokenEntry(args: EncoderBuildArgs<RecurrentConfig>): RecurrentEntry {
  const { name, config, params, rng } = args;
  const meta = textMetadata(args as EncoderBuildArgs<unknown>);
  const vocabSize = args.input.vocabSize;
  const sparse = config.representation === 'sparse';
  // Ludwig: embeddings_trainable applies to dense embeddings; one-hot rows stay one-hot.
  const embeddingsLearn = !sparse && config.embeddings_trainable;
  const { table, size } = createEmbeddingTable(params, name, vocabSize, tokenTableWidth(vocabSize, config), {
    sparse, trainable: embeddingsLearn, initializer: config.weights_initializer,
  }, rng);
  const seq = meta.max_sequence_length;
  const padding = meta.preprocessing.padding;
  return {
    size,
    seq,
    learns: embeddingsLearn,
    forward: (input, ctx) => {
      const { ids, lengths } = textSteps(tf.cast(input, 'int32') as tf.Tensor2D, meta.pad_idx, padding);
      const x = embeddingLookup(table as tf.Tensor2D, ids);
      return { x: ctx.training && config.dropout > 0 ? dropout(x, config.dropout, ctx.rng.nextSeed()) : x, lengths };
    },
    exportOnnx: (g, input) => {
      const { ids, lengths } = exportTextSteps(g, input, meta.pad_idx, seq, padding);
      return { x: exportEmbeddingLookup(g, g.param(`${name}.embeddings`), ids), lengths };
    },
  };
}

function recurrentOver(
  args: EncoderBuildArgs<RecurrentConfig>,
  numLayers: number,
  entry: RecurrentEntry,
  buildFront: (embeddingSize: number, seq: number) => SequenceFront | null,
): Encoder {
  const { name, config, params, rng } = args;
  const { seq, size } = entry;
  const front = buildFront(size, seq);
  const steps = front?.outLength ?? seq;
  const stack = new RecurrentStack(params, name, front?.outChannels ?? size, recurrentSpec(config, numLayers), rng);
  if (keepsSequence(config.reduce_output)) return recurrentSteps(args, entry, front, stack, steps);
  const reduction = stateReduction(config.reduce_output, name.replace(/^encoders\./, ''));
  const attention = reduction === 'attention' ? new AttentionReduction(params, name, stack.outputSize, rng) : null;
  const fc = new FcStack(params, name, reducedSize(reduction, steps, stack.outputSize), resolveFcLayers({
    fc_layers: config.fc_layers, num_fc_layers: config.num_fc_layers, output_size: config.output_size, activation: config.fc_activation,
    dropout: config.fc_dropout, norm: config.norm, use_bias: config.use_bias, weights_initializer: config.weights_initializer,
    bias_initializer: config.bias_initializer,
  }), rng);
  return {
    outputSize: fc.outputSize,
    forward: (input, ctx) => {
      const entered = entry.forward(input, ctx);
      let x = entered.x;
      if (front) x = front.apply(x, ctx);
      const lengths = front ? front.lengths(entered.lengths) : entered.lengths;
      const states = stack.forward(x, prefixMask(lengths, steps), ctx, entry.learns || front !== null);
      const reduced = reduction === 'attention' ? attention!.apply(states, prefixMask(lengths, steps)) : reduceStates(states, lengths, reduction as Exclude<typeof reduction, 'attention'>);
      return fc.forward(reduced, ctx);
    },
    exportOnnx: (g, input) => {
      const entered = entry.exportOnnx(g, input);
      let x = entered.x;
      let lengths = entered.lengths;
      if (front) {
        x = front.exportOnnx(g, x);
        lengths = front.exportLengths(g, lengths);
      }
      const states = stack.exportOnnx(g, x, exportSequenceLens(g, lengths));
      const reduced = reduction === 'attention'
        ? attention!.exportOnnx(g, states, exportPrefixMask(g, lengths, steps), steps)
        : exportReduceStates(g, states, lengths, steps, stack.outputSize, reduction as Exclude<typeof reduction, 'attention'>);
      return fc.exportOnnx(g, reduced);
    },
  };
}

/**
 * `reduce_output: null`: the state of every step, [batch, steps × state size] (no FC stack, as in
 * Ludwig), masked as the input's tokens. The states are laid out real steps first, so they line up
 * with the tokens only under right padding, and only when cnnrnn's convolutions keep the length.
 */
function recurrentSteps(args: EncoderBuildArgs<RecurrentConfig>, entry: RecurrentEntry, front: SequenceFront | null, stack: RecurrentStack, steps: number): Encoder {
  const feature = args.name.replace(/^encoders\./, '');
  const floats = floatSequenceOf(args as EncoderBuildArgs<unknown>);
  const meta = floats ? null : textMetadata(args as EncoderBuildArgs<unknown>);
  if (meta && meta.preprocessing.padding !== 'right') {
    throw new OvertureError('unsupported', `feature '${feature}': reduce_output null on a recurrent encoder with left padding is not supported yet (its states would not line up with the tokens); use padding: right`);
  }
  if (steps !== entry.seq) {
    throw new OvertureError('unsupported', `feature '${feature}': reduce_output null with convolutions or pooling that change the sequence length (${entry.seq} steps in, ${steps} out) is not supported yet; use padding: same and no pooling, or reduce the sequence`);
  }
  const size = stack.outputSize;
  const mask = (input: tf.Tensor2D): tf.Tensor2D => (meta ? sequenceMask(input, meta.pad_idx) : tf.ones([input.shape[0], steps]) as tf.Tensor2D);
  return {
    outputSize: steps * size,
    sequence: {
      steps, size, mask,
      exportMask: (g, input) => (meta ? exportSequenceMask(g, input, meta.pad_idx) : exportPrefixMask(g, entry.exportOnnx(g, input).lengths, steps)),
    },
    forward: (input, ctx) => {
      const entered = entry.forward(input, ctx);
      const x = front ? front.apply(entered.x, ctx) : entered.x;
      const lengths = front ? front.lengths(entered.lengths) : entered.lengths;
      const states = stack.forward(x, prefixMask(lengths, steps), ctx, entry.learns || front !== null);
      return tf.reshape(states, [input.shape[0], steps * size]);
    },
    exportOnnx: (g, input) => {
      const entered = entry.exportOnnx(g, input);
      const x = front ? front.exportOnnx(g, entered.x) : entered.x;
      const lengths = front ? front.exportLengths(g, entered.lengths) : entered.lengths;
      const states = stack.exportOnnx(g, x, exportSequenceLens(g, lengths));
      return g.op('Reshape', [states, g.constant([-1, steps * size], [2], 'int64', 'shape')]);
    },
  };
}
