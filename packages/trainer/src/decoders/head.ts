import type * as tf from '@tensorflow/tfjs-core';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { denseForward } from '../layers/dense.js';
import { initialize } from '../layers/initializers.js';
import type { DecoderBuildArgs } from './decoder.js';
import type { ForwardContext } from '../model/context.js';
import type { OnnxGraph } from '../export/onnx-graph.js';
import { emitDense } from '../export/ops.js';

/** Decoder fields shared by regressor, classifier and projector (Ludwig's base decoder). */
export interface HeadConfig {
  num_fc_layers: number;
  fc_layers: unknown[] | null;
  fc_output_size: number;
  fc_activation: string | null;
  fc_dropout: number;
  fc_norm: string | null;
  fc_use_bias: boolean;
  fc_weights_initializer: string | null;
  fc_bias_initializer: string | null;
  use_bias: boolean;
  weights_initializer: string | null;
  bias_initializer: string | null;
}

/** The decoder fields of its FC stack (Ludwig's `fc_*` parameters of every decoder). */
export type DecoderFcConfig = Pick<HeadConfig, 'num_fc_layers' | 'fc_layers' | 'fc_output_size' | 'fc_activation' | 'fc_dropout' | 'fc_norm' | 'fc_use_bias' | 'fc_weights_initializer' | 'fc_bias_initializer'>;

/** A decoder's FC stack, named `<decoder>.fc`, from its `fc_*` fields. */
export function decoderFcStack(args: Pick<DecoderBuildArgs<DecoderFcConfig>, 'name' | 'config' | 'inputSize' | 'params' | 'rng'>): FcStack {
  const { name, config, inputSize, params, rng } = args;
  return new FcStack(params, `${name}.fc`, inputSize, resolveFcLayers({
    fc_layers: config.fc_layers as never,
    num_fc_layers: config.num_fc_layers,
    output_size: config.fc_output_size,
    activation: config.fc_activation,
    dropout: config.fc_dropout,
    norm: config.fc_norm,
    use_bias: config.fc_use_bias,
    weights_initializer: config.fc_weights_initializer,
    bias_initializer: config.fc_bias_initializer,
  }), rng);
}

/** The decoder's FC stack followed by one linear layer to the output width. */
export function buildHead(args: DecoderBuildArgs<HeadConfig>) {
  const { name, config, outputSize, params, rng } = args;
  const stack = decoderFcStack(args);
  const kernel = params.create(`${name}.head.kernel`, [stack.outputSize, outputSize], initialize(config.weights_initializer, [stack.outputSize, outputSize], rng));
  const bias = config.use_bias
    ? params.create(`${name}.head.bias`, [outputSize], initialize(config.bias_initializer, [outputSize], rng))
    : null;
  return {
    hiddenSize: stack.outputSize,
    forward(input: tf.Tensor2D, ctx: ForwardContext) {
      const hidden = stack.forward(input, ctx);
      const output = denseForward(hidden, kernel as tf.Tensor2D, bias as tf.Tensor1D | null, 'linear');
      return { hidden, output };
    },
    exportOnnx(g: OnnxGraph, input: string) {
      const hidden = stack.exportOnnx(g, input);
      return { hidden, output: emitDense(g, hidden, g.param(`${name}.head.kernel`), bias ? g.param(`${name}.head.bias`) : null) };
    },
  };
}
