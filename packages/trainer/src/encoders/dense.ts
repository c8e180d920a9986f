import type { DenseEncoderConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import type { EncoderFactory } from './encoder.js';

/** `num_layers` fully connected layers over a number, binary or vector value (Ludwig DenseEncoder). */
export const denseEncoder: EncoderFactory<DenseEncoderConfig> = ({ name, config, input, params, rng }) => {
  const specs = resolveFcLayers({ ...config, fc_layers: config.fc_layers, num_fc_layers: config.num_layers });
  const stack = new FcStack(params, name, input.width, specs, rng, true);
  return { outputSize: stack.outputSize, forward: (x, ctx) => stack.forward(x, ctx), exportOnnx: (g, x) => stack.exportOnnx(g, x) };
};
