import type { ParallelCnnEncoderConfig, StackedCnnEncoderConfig, StackedParallelCnnEncoderConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import type { Encoder, EncoderBuildArgs, EncoderFactory } from '../encoder.js';
import { convDefaultsOf } from '../text/conv-defaults.js';
import { ConvUnit, ParallelConvBlock, resolveConvUnit, type ConvUnitSpec } from '../text/conv-unit.js';
import { DEFAULT_CONV_LAYERS as PARALLEL_LAYERS } from '../text/parallel-cnn.js';
import { exportReduceSequence, reduceSequence, reducedSize, sequenceReduction } from '../text/reduce-sequence.js';
import type { SequenceCnnPlan } from '../text/sequence-cnn.js';
import { DEFAULT_CONV_LAYERS as STACKED_LAYERS } from '../text/stacked-cnn.js';
import { DEFAULT_BLOCK } from '../text/stacked-parallel-cnn.js';
import { allSteps, audioFramesOf, exportAllSteps, exportToFrames, toFrames } from './frames.js';

const DEFAULT_FC_LAYERS = [{ output_size: 512 }, { output_size: 256 }];

/**
 * The CNN sequence encoders over audio frames: the text encoders' convolution blocks, reduction
 * and FC stack (the same layers and parameter names, `<name>.conv_<block>_<unit>.*`,
 * `<name>.fc_<i>.*`), fed the frames instead of token embeddings.
 */
function buildFrameCnn(args: EncoderBuildArgs<unknown>, plan: Omit<SequenceCnnPlan, 'embedding'>): Encoder {
  const frames = audioFramesOf(args);
  const feature = args.name.replace(/^encoders\./, '');
  const reduction = sequenceReduction(plan.reduceOutput, feature);
  let channels = frames.features;
  let length = frames.steps;
  const blocks = plan.blocks.map((specs, b) => {
    const stacked = plan.blocks.length > 1;
    const where = stacked ? ` of block ${b + 1}` : '';
    const unitLabel = (u: number) => (stacked && specs.length === 1 ? `convolution ${b + 1}` : `convolution ${u + 1}${where}`);
    // The first block reads the data: no gradient flows into the frames.
    const units = specs.map((spec, u) => new ConvUnit(args.params, `${args.name}.conv_${b}_${u}`, `feature '${feature}', ${unitLabel(u)}`, channels, length, spec, args.rng, b > 0));
    const block = new ParallelConvBlock(units, `feature '${feature}'${where ? `, block ${b + 1}` : ''}`);
    channels = block.channels;
    length = block.outLength;
    return block;
  });
  const fc = plan.fc!;
  const stack = new FcStack(args.params, args.name, reducedSize(reduction, length, channels), resolveFcLayers({
    ...fc, fc_layers: fc.fc_layers ?? (fc.num_fc_layers === null ? DEFAULT_FC_LAYERS : null), num_fc_layers: fc.num_fc_layers ?? 0,
  }), args.rng);
  const [finalLength, finalChannels] = [length, channels];
  return {
    outputSize: stack.outputSize,
    forward: (input, ctx) => {
      let state = { x: toFrames(input, frames), mask: allSteps(input.shape[0], frames) };
      for (const block of blocks) state = block.forward(state, ctx);
      return stack.forward(reduceSequence(state.x, state.mask, reduction), ctx);
    },
    exportOnnx: (g, input) => {
      let state = { x: exportToFrames(g, input, frames), mask: exportAllSteps(g, input, frames.steps) };
      for (const block of blocks) state = block.exportOnnx(g, state.x, state.mask);
      return stack.exportOnnx(g, exportReduceSequence(g, state.x, state.mask, reduction, finalLength, finalChannels));
    },
  };
}

const unitsOf = (layers: readonly object[], defaults: Parameters<typeof resolveConvUnit>[1]): ConvUnitSpec[] => layers.map((layer) => resolveConvUnit(layer, defaults));

/** Ludwig's `parallel_cnn` over frames (its default audio encoder): widths 2, 3, 4, 5 side by side. */
export const audioParallelCnnEncoder: EncoderFactory<ParallelCnnEncoderConfig> = (args) => {
  const c = args.config;
  const layers = c.conv_layers ?? (c.num_conv_layers === null ? PARALLEL_LAYERS : Array.from({ length: c.num_conv_layers }, () => ({})));
  return buildFrameCnn(args, {
    blocks: [unitsOf(layers, convDefaultsOf(c, { padding: 'same', pool_strides: null, pool_padding: 'same' }))], reduceOutput: c.reduce_output, fc: c,
  });
};

/** Ludwig's `stacked_cnn` over frames. */
export const audioStackedCnnEncoder: EncoderFactory<StackedCnnEncoderConfig> = (args) => {
  const c = args.config;
  const layers = c.conv_layers ?? (c.num_conv_layers === null ? STACKED_LAYERS : Array.from({ length: c.num_conv_layers }, () => ({})));
  const defaults = convDefaultsOf(c, { padding: c.padding, pool_strides: c.pool_strides, pool_padding: c.pool_padding });
  return buildFrameCnn(args, { blocks: layers.map((layer) => unitsOf([layer], defaults)), reduceOutput: c.reduce_output, fc: c });
};

/** Ludwig's `stacked_parallel_cnn` over frames (the encoder-level pool_size pools the last block only). */
export const audioStackedParallelCnnEncoder: EncoderFactory<StackedParallelCnnEncoderConfig> = (args) => {
  const c = args.config;
  const stacked = c.stacked_layers ?? Array.from({ length: c.num_stacked_layers ?? 3 }, () => DEFAULT_BLOCK);
  return buildFrameCnn(args, {
    blocks: stacked.map((layers, b) => unitsOf(layers, convDefaultsOf(
      { ...c, pool_size: b === stacked.length - 1 ? c.pool_size : null }, { padding: 'same', pool_strides: null, pool_padding: 'valid' },
    ))),
    reduceOutput: c.reduce_output,
    fc: c,
  });
};
