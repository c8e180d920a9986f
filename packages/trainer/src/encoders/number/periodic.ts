import * as tf from '@tensorflow/tfjs-core';
import type { PeriodicEncoderConfig } from '@overture/config';
import { FcStack } from '../../layers/fc-stack.js';
import type { EncoderFactory } from '../encoder.js';

/**
 * Ludwig's `periodic` number encoder: sin(2π·x·f + φ) per learned frequency f (N(0, sigma²)) and
 * phase φ (zeros), then one linear layer (no activation, as Ludwig's projection). The input is
 * the normalized number, as every number encoder sees it.
 */
export const periodicEncoder: EncoderFactory<PeriodicEncoderConfig> = ({ name, config, params, rng }) => {
  const k = config.num_frequencies;
  const init = new Float32Array(k);
  for (let i = 0; i < k; i++) init[i] = rng.nextGaussian() * config.sigma;
  const frequencies = params.create(`${name}.frequencies`, [1, k], init);
  const phases = params.create(`${name}.phases`, [1, k], new Float32Array(k));
  const projection = new FcStack(params, name, k, [{
    output_size: config.output_size, activation: null, dropout: 0, norm: null, use_bias: true, weights_initializer: 'xavier_uniform', bias_initializer: 'zeros',
  }], rng);
  return {
    outputSize: projection.outputSize,
    forward: (x, ctx) => {
      const sines = tf.tidy(() => tf.sin(tf.add(tf.mul(tf.mul(x, 2 * Math.PI), frequencies), phases))) as tf.Tensor2D;
      return projection.forward(sines, ctx);
    },
    exportOnnx: (g, x) => {
      const angle = g.op('Add', [g.op('Mul', [g.op('Mul', [x, g.scalar(2 * Math.PI)]), g.param(`${name}.frequencies`)]), g.param(`${name}.phases`)]);
      return projection.exportOnnx(g, g.op('Sin', [angle]));
    },
  };
};
