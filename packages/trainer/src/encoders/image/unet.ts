import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type ImageUNetEncoderConfig } from '@overture/config';
import { attr } from '../../export/onnx-graph.js';
import { UNetDownStack } from '../../layers/unet.js';
import type { ForwardContext } from '../../model/context.js';
import type { OnnxGraph } from '../../export/onnx-graph.js';
import type { EncoderFactory } from '../encoder.js';

/**
 * Ludwig's unet image encoder (UNetEncoder): the pixel row (0–255, HWC) scaled to [0, 1] (as
 * stacked_cnn does), through the four-stage UNetDownStack; the output is the flattened
 * 1024-channel bottleneck. The skips are kept for a unet decoder (Encoder.skips).
 */
export const imageUNetEncoder: EncoderFactory<ImageUNetEncoderConfig> = ({ name, config, input, params, rng }) => {
  const meta = input.metadata;
  if (meta.type !== 'image') throw new OvertureError('internal', `unet image encoder '${name}' got ${meta.type} metadata`);
  const { height, width, num_channels: channels } = meta;
  if (height % 16 !== 0 || width % 16 !== 0) {
    throw new OvertureError('invalid_config', `Image encoder of '${name.replace(/^encoders\./, '')}': the unet encoder halves the images four times, so height and width must be multiples of 16 (these are ${height}×${width}); set preprocessing.height and width.`);
  }
  const down = new UNetDownStack(params, `${name}.unet`, [height, width, channels], config.conv_norm, rng);
  const size = down.outputShape[0] * down.outputShape[1] * down.outputShape[2];
  // Keyed by the pass (or export) that made them, so a decoder reads the skips of its own pass.
  const kept = new WeakMap<ForwardContext, tf.Tensor4D[]>();
  const keptOnnx = new WeakMap<OnnxGraph, string[]>();
  const missing = () => new OvertureError('internal', `the unet decoder read the skips of unet encoder '${name}' before its forward pass`);
  return {
    outputSize: size,
    skips: {
      shapes: down.skipShapes,
      read: (ctx) => kept.get(ctx) ?? (() => { throw missing(); })(),
      readOnnx: (g) => keptOnnx.get(g) ?? (() => { throw missing(); })(),
    },
    forward: (pixels, ctx) => {
      const x = tf.mul(tf.reshape(pixels, [-1, height, width, channels]), 1 / 255) as tf.Tensor4D;
      const { output, skips } = down.forward(x, ctx);
      kept.set(ctx, skips);
      return output;
    },
    exportOnnx: (g, pixels) => {
      const image = g.op('Reshape', [g.op('Cast', [pixels], { to: attr.int(1) }), g.constant([-1, height, width, channels], [4], 'int64', 'shape')]);
      const { output, skips } = down.exportOnnx(g, g.op('Mul', [image, g.scalar(1 / 255)]));
      keptOnnx.set(g, skips);
      return output;
    },
  };
};
