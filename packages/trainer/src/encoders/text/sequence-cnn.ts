import type { FcLayer } from '@overture/config';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import type { Encoder, EncoderBuildArgs } from '../encoder.js';
import { ConvUnit, ParallelConvBlock, type ConvUnitSpec } from './conv-unit.js';
import { reduceSequence, exportReduceSequence, reducedSize, sequenceReduction } from './reduce-sequence.js';
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraph } from '../../export/onnx-graph.js';
import type { ForwardContext } from '../../model/context.js';
import { allStepsMask, exportAllStepsMask, exportFloatSteps, floatSequenceOf, floatSteps } from '../float-sequence-input.js';
import { keepsSequence } from '@overture/config';
import { OvertureError } from '@overture/config';
import { exportSequenceMask, SequenceEmbedding, sequenceInputOf, sequenceMask, type SequenceEmbeddingConfig } from './sequence-embedding.js';

/** What every CNN text encoder is made of, once its own options are resolved. */
export interface SequenceCnnPlan {
  embedding: SequenceEmbeddingConfig;
  /** Blocks applied one after the other; the convolutions of a block run side by side. */
  blocks: ConvUnitSpec[][];
  reduceOutput: string | null;
  /** The fully connected stack after the reduction; null: none (the embed encoder). */
  fc: {
    fc_layers: FcLayer[] | null;
    num_fc_layers: number | null;
    output_size: number;
    activation: string | null;
    dropout: number;
    norm: string | null;
    use_bias: boolean;
    weights_initializer: string;
    bias_initializer: string;
  } | null;
}

/** What the first convolution reads: embedded token ids, or frames of floats (timeseries). */
interface SequenceEntry {
  channels: number;
  length: number;
  /** Whether a gradient flows into the entry (so the first convolution needs its input gradient). */
  trainable: boolean;
  forward(input: tf.Tensor2D, ctx: ForwardContext): { x: tf.Tensor3D; mask: tf.Tensor2D };
  exportOnnx(g: OnnxGraph, input: string): { x: string; mask: string };
  /** The mask of `forward` alone. */
  mask(input: tf.Tensor2D): tf.Tensor2D;
  exportMask(g: OnnxGraph, input: string): string;
}

function sequenceEntry(args: EncoderBuildArgs<unknown>, config: SequenceEmbeddingConfig): SequenceEntry {
  const floats = floatSequenceOf(args);
  if (floats) {
    return {
      channels: floats.channels,
      length: floats.length,
      trainable: false,
      forward: (input) => ({ x: floatSteps(input, floats), mask: allStepsMask(input.shape[0], floats) }),
      exportOnnx: (g, input) => {
        const x = exportFloatSteps(g, input, floats);
        return { x, mask: exportAllStepsMask(g, x) };
      },
      mask: (input) => allStepsMask(input.shape[0], floats),
      exportMask: (g, input) => exportAllStepsMask(g, exportFloatSteps(g, input, floats)),
    };
  }
  const input = sequenceInputOf(args);
  const embedding = new SequenceEmbedding(args, config);
  return {
    channels: embedding.size,
    length: input.length,
    trainable: embedding.trainable,
    forward: (ids, ctx) => ({ x: embedding.forward(ids, ctx), mask: sequenceMask(ids, input.padId) }),
    exportOnnx: (g, ids) => ({ x: embedding.exportOnnx(g, ids), mask: exportSequenceMask(g, ids, input.padId) }),
    mask: (ids) => sequenceMask(ids, input.padId),
    exportMask: (g, ids) => exportSequenceMask(g, ids, input.padId),
  };
}

/** Ludwig's default head after the reduction when neither fc_layers nor num_fc_layers is set. */
const DEFAULT_FC_LAYERS = [{ output_size: 512 }, { output_size: 256 }];

/**
 * Embedding (or frames of floats, `float-sequence-input.ts`) → blocks of parallel 1-D convolutions → reduction over time → fully connected stack:
 * parallel_cnn is one block of several, stacked_cnn blocks of one, stacked_parallel_cnn blocks of
 * several, embed no block and no stack. Parameters: `<name>.embeddings`,
 * `<name>.conv_<block>_<unit>.kernel|bias|norm.*`, `<name>.fc_<i>.*`.
 */
export function buildSequenceCnn(args: EncoderBuildArgs<unknown>, plan: SequenceCnnPlan): Encoder {
  const feature = args.name.replace(/^encoders\./, '');
  const entry = sequenceEntry(args, plan.embedding);
  if (keepsSequence(plan.reduceOutput)) return buildSequenceKeeping(args, plan, entry, feature);
  const reduction = sequenceReduction(plan.reduceOutput, feature);
  let channels = entry.channels;
  let length = entry.length;
  const blocks = plan.blocks.map((specs, b) => {
    const stacked = plan.blocks.length > 1;
    const where = stacked ? ` of block ${b + 1}` : '';
    // A stack of single convolutions (stacked_cnn) numbers them as its conv_layers list does.
    const unitLabel = (u: number) => (stacked && specs.length === 1 ? `convolution ${b + 1}` : `convolution ${u + 1}${where}`);
    const units = specs.map((spec, u) => new ConvUnit(
      args.params, `${args.name}.conv_${b}_${u}`, `feature '${feature}', ${unitLabel(u)}`, channels, length, spec, args.rng,
      b > 0 || entry.trainable,
    ));
    const block = new ParallelConvBlock(units, `feature '${feature}'${where ? `, block ${b + 1}` : ''}`);
    channels = block.channels;
    length = block.outLength;
    return block;
  });
  const reducedWidth = reducedSize(reduction, length, channels);
  const fc = plan.fc;
  const fcLayers = fc === null ? [] : resolveFcLayers({
    ...fc, fc_layers: fc.fc_layers ?? (fc.num_fc_layers === null ? DEFAULT_FC_LAYERS : null), num_fc_layers: fc.num_fc_layers ?? 0,
  });
  const stack = new FcStack(args.params, args.name, reducedWidth, fcLayers, args.rng);
  const finalLength = length;
  const finalChannels = channels;
  return {
    outputSize: stack.outputSize,
    forward: (ids, ctx) => {
      let state = entry.forward(ids, ctx);
      for (const block of blocks) state = block.forward(state, ctx);
      return stack.forward(reduceSequence(state.x, state.mask, reduction), ctx);
    },
    exportOnnx: (g, ids) => {
      let state = entry.exportOnnx(g, ids);
      for (const block of blocks) state = block.exportOnnx(g, state.x, state.mask);
      return stack.exportOnnx(g, exportReduceSequence(g, state.x, state.mask, reduction, finalLength, finalChannels));
    },
  };
}

/**
 * `reduce_output: null`: the steps themselves, [batch, steps × channels], with no fully connected
 * stack (Ludwig applies its FC stack only after a reduction). The padding mask is the input's, so
 * the blocks must keep the length (same-padded convolutions, no pooling).
 */
function buildSequenceKeeping(args: EncoderBuildArgs<unknown>, plan: SequenceCnnPlan, entry: SequenceEntry, feature: string): Encoder {
  let channels = entry.channels;
  const blocks = plan.blocks.map((specs, b) => {
    const units = specs.map((spec, u) => new ConvUnit(
      args.params, `${args.name}.conv_${b}_${u}`, `feature '${feature}', convolution ${u + 1} of block ${b + 1}`, channels, entry.length, spec, args.rng,
      b > 0 || entry.trainable,
    ));
    const block = new ParallelConvBlock(units, `feature '${feature}', block ${b + 1}`);
    if (block.outLength !== entry.length) {
      throw new OvertureError(
        'unsupported',
        `feature '${feature}': reduce_output null with convolutions or pooling that change the sequence length (${entry.length} steps in, ${block.outLength} out) is not supported yet; use padding: same and no pooling, or reduce the sequence`,
      );
    }
    channels = block.channels;
    return block;
  });
  const steps = entry.length;
  const size = channels;
  return {
    outputSize: steps * size,
    sequence: { steps, size, mask: entry.mask, exportMask: entry.exportMask },
    forward: (ids, ctx) => {
      let state = entry.forward(ids, ctx);
      for (const block of blocks) state = block.forward(state, ctx);
      return tf.reshape(state.x, [ids.shape[0], steps * size]);
    },
    exportOnnx: (g, ids) => {
      let state = entry.exportOnnx(g, ids);
      for (const block of blocks) state = block.exportOnnx(g, state.x, state.mask);
      return g.op('Reshape', [state.x, g.constant([-1, steps * size], [2], 'int64', 'shape')]);
    },
  };
}
