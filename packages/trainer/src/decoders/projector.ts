import * as tf from '@tensorflow/tfjs-core';
import type { ProjectorDecoderConfig } from '@overture/config';
import { applyActivation, exportActivation } from '../layers/activations.js';
import { emitClip } from '../export/ops.js';
import type { DecoderFactory } from './decoder.js';
import { buildHead } from './head.js';

/** Linear projection onto a vector, then Ludwig's activation, multiplier and clip. */
export const projectorDecoder: DecoderFactory<ProjectorDecoderConfig> = (args) => {
  const { config } = args;
  const head = buildHead({ ...args, outputSize: config.output_size ?? args.outputSize });
  return {
    hiddenSize: head.hiddenSize,
    forward(input, ctx) {
      const { hidden, output } = head.forward(input, ctx);
      let out = applyActivation(config.activation, output) as tf.Tensor2D;
      if (config.multiplier !== 1) out = tf.mul(out, config.multiplier) as tf.Tensor2D;
      if (config.clip) out = tf.clipByValue(out, config.clip[0], config.clip[1]) as tf.Tensor2D;
      return { hidden, output: out };
    },
    exportOnnx(g, input) {
      const { hidden, output } = head.exportOnnx(g, input);
      let out = exportActivation(g, config.activation, output);
      if (config.multiplier !== 1) out = g.op('Mul', [out, g.scalar(config.multiplier)]);
      if (config.clip) out = emitClip(g, out, config.clip[0], config.clip[1]);
      return { hidden, output: out };
    },
  };
};
