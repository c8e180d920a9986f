import type { CnnRnnEncoderConfig, RnnEncoderConfig } from '@overture/config';
import { attr } from '../../export/onnx-graph.js';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import { RecurrentStack } from '../../layers/rnn-stack.js';
import type { Encoder, EncoderBuildArgs, EncoderFactory } from '../encoder.js';
import { AttentionReduction } from '../text/attention-reduction.js';
import { ConvFront, convSpecs } from '../text/cnnrnn.js';
import { recurrentSpec, type SequenceFront } from '../text/recurrent-encoder.js';
import { exportPrefixMask, exportReduceStates, exportSequenceLens, prefixMask, reducedSize, reduceStates, stateReduction } from '../text/recurrent-steps.js';
import { audioFramesOf, exportAllSteps, exportToFrames, toFrames } from './frames.js';

type RecurrentConfig = RnnEncoderConfig | CnnRnnEncoderConfig;

/**
 * The recurrent encoders over audio frames: [cnnrnn's convolutions →] the recurrent stack over
 * every step (a recording has no padding mask) → the reduction → the FC stack, with the text
 * encoders' layers and parameter names.
 */
function buildFrameRecurrent(args: EncoderBuildArgs<RecurrentConfig>, numLayers: number, front: SequenceFront | null): Encoder {
  const { name, config, params, rng } = args;
  const frames = audioFramesOf(args as EncoderBuildArgs<unknown>);
  const steps = front?.outLength ?? frames.steps;
  const stack = new RecurrentStack(params, name, front?.outChannels ?? frames.features, recurrentSpec(config, numLayers), rng);
  // Audio inputs reduce their frames: no Ludwig output tags a recording step by step.
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
      let x = toFrames(input, frames);
      if (front) x = front.apply(x, ctx);
      const lengths = new Int32Array(input.shape[0]).fill(steps);
      const mask = prefixMask(lengths, steps);
      const states = stack.forward(x, mask, ctx, front !== null);
      return fc.forward(attention ? attention.apply(states, mask) : reduceStates(states, lengths, reduction as Exclude<typeof reduction, 'attention'>), ctx);
    },
    exportOnnx: (g, input) => {
      let x = exportToFrames(g, input, frames);
      if (front) x = front.exportOnnx(g, x);
      const ones = exportAllSteps(g, input, steps);
      const lengths = g.op('ReduceSum', [ones, g.constant([1], [1], 'int64', 'axes')], { keepdims: attr.int(0) });
      const states = stack.exportOnnx(g, x, exportSequenceLens(g, lengths));
      return fc.exportOnnx(g, attention
        ? attention.exportOnnx(g, states, exportPrefixMask(g, lengths, steps), steps)
        : exportReduceStates(g, states, lengths, steps, stack.outputSize, reduction as Exclude<typeof reduction, 'attention'>));
    },
  };
}

/** Ludwig's `rnn` over frames (StackedRNN with should_embed false). */
export const audioRnnEncoder: EncoderFactory<RnnEncoderConfig> = (args) => buildFrameRecurrent(args, args.config.num_layers, null);

/** Ludwig's `cnnrnn` over frames: convolutions with pooling, then the recurrent layers. */
export const audioCnnRnnEncoder: EncoderFactory<CnnRnnEncoderConfig> = (args) => {
  const frames = audioFramesOf(args as EncoderBuildArgs<unknown>);
  return buildFrameRecurrent(args, args.config.num_rec_layers, new ConvFront(args.params, args.name, frames.features, frames.steps, convSpecs(args.config), args.rng));
};
