import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type Conv2DLayerConfig, type ImageStackedCnnEncoderConfig } from '@overture/config';
import { pair } from '../../layers/conv2d.js';
import { Conv2DStack, type Conv2DLayerSpec } from '../../layers/conv2d-stack.js';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import type { EncoderFactory } from '../encoder.js';
import { attr } from '../../export/onnx-graph.js';

/** ImageNet-1k's channel statistics (torchvision's), for standardize_image: imagenet1k. */
const IMAGENET1K_MEAN = [0.485, 0.456, 0.406];
const IMAGENET1K_STD = [0.229, 0.224, 0.225];

/**
 * Ludwig's Conv2DStack rules: explicit conv_layers win; num_conv_layers copies the encoder-level
 * kernel size, out_channels and pooling; neither gives two layers of 32 and 64 filters. Every key a
 * layer leaves out takes the encoder-level value; the pool stride defaults to the encoder's pool
 * stride, else its pool kernel size, else the layer's own.
 */
export function resolveConvLayers(config: ImageStackedCnnEncoderConfig): Conv2DLayerSpec[] {
  const layers: Conv2DLayerConfig[] = config.conv_layers
    ?? (config.num_conv_layers === null
      ? [{ out_channels: 32 }, { out_channels: 64 }]
      : Array.from({ length: config.num_conv_layers }, () => ({})));
  const defaultPoolStride = config.pool_stride ?? config.pool_kernel_size;
  return layers.map((layer) => {
    const poolKernel = layer.pool_kernel_size === undefined ? config.pool_kernel_size : layer.pool_kernel_size;
    const poolStride = (layer.pool_stride === undefined ? defaultPoolStride : layer.pool_stride) ?? poolKernel;
    const poolFunction = layer.pool_function ?? config.pool_function;
    const norm = layer.norm === undefined ? config.conv_norm : layer.norm;
    return {
      outChannels: layer.out_channels ?? config.out_channels,
      kernel: pair(layer.kernel_size ?? config.kernel_size),
      stride: pair(layer.stride ?? config.stride),
      dilation: pair(layer.dilation ?? config.dilation),
      padding: layer.padding ?? config.padding,
      useBias: layer.use_bias ?? config.conv_use_bias,
      // The schema refuses layer norm after a convolution.
      norm: norm === 'batch' ? 'batch' : null,
      activation: layer.activation === undefined ? config.conv_activation : layer.activation,
      dropout: layer.dropout ?? config.conv_dropout,
      pool: poolKernel === null ? null : {
        mode: poolFunction === 'max' ? 'max' : 'avg',
        kernel: pair(poolKernel),
        stride: pair(poolStride ?? poolKernel),
      },
    };
  });
}

/**
 * Ludwig's stacked_cnn image encoder: the flat pixel row (0–255, HWC) scaled to [0, 1] (and
 * standardized per channel with ImageNet's statistics when preprocessing asks), reshaped to
 * [batch, height, width, channels], through the convolution stack, flattened, then the FC stack.
 */
export const imageStackedCnnEncoder: EncoderFactory<ImageStackedCnnEncoderConfig> = ({ name, config, input, params, rng }) => {
  const meta = input.metadata;
  if (meta.type !== 'image') throw new OvertureError('internal', `stacked_cnn image encoder '${name}' got ${meta.type} metadata`);
  const { height, width, num_channels: channels } = meta;
  const imagenet = meta.preprocessing.standardize_image === 'imagenet1k';
  const scale = Float32Array.from({ length: channels }, (_, c) => (imagenet ? 1 / (255 * IMAGENET1K_STD[c]) : 1 / 255));
  const shift = Float32Array.from({ length: channels }, (_, c) => (imagenet ? -IMAGENET1K_MEAN[c] / IMAGENET1K_STD[c] : 0));
  let convs: Conv2DStack;
  try {
    convs = new Conv2DStack(params, `${name}.conv`, [height, width, channels], resolveConvLayers(config), rng);
  } catch (error) {
    throw new OvertureError('invalid_config', `Image encoder of '${name.replace(/^encoders\./, '')}': ${(error as Error).message.replace(/^conv2d: |^pool2d: /, '')} (images are ${height}×${width}); use fewer or smaller conv layers, or larger images.`);
  }
  const fc = new FcStack(params, name, convs.outputSize, resolveFcLayers({
    fc_layers: config.fc_layers, num_fc_layers: config.num_fc_layers, output_size: config.output_size, activation: config.fc_activation,
    dropout: config.fc_dropout, norm: config.fc_norm, use_bias: config.fc_use_bias, weights_initializer: config.fc_weights_initializer,
    bias_initializer: config.fc_bias_initializer,
  }), rng);
  return {
    outputSize: fc.outputSize,
    forward: (pixels, ctx) => {
      const x = tf.add(tf.mul(tf.reshape(pixels, [-1, height, width, channels]), tf.tensor1d(scale)), tf.tensor1d(shift)) as tf.Tensor4D;
      return fc.forward(convs.forward(x, ctx, true), ctx);
    },
    exportOnnx: (g, pixels) => {
      // The graph input is the uint8 pixels serving decodes.
      const image = g.op('Reshape', [g.op('Cast', [pixels], { to: attr.int(1) }), g.constant([-1, height, width, channels], [4], 'int64', 'shape')]);
      const x = g.op('Add', [g.op('Mul', [image, g.constant(scale, [channels], 'float32', 'pixel_scale')]), g.constant(shift, [channels], 'float32', 'pixel_shift')]);
      return fc.exportOnnx(g, convs.exportOnnx(g, x));
    },
  };
};
