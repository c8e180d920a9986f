import { OvertureError, type Conv2DLayerConfig, type ImageStackedCnnEncoderConfig } from '@overture/config';
import { pair } from '../../layers/conv2d.js';
import { Conv2DStack, type Conv2DLayerSpec } from '../../layers/conv2d-stack.js';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import type { EncoderFactory } from '../encoder.js';
import { imagePixels } from './pixels.js';

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
  const pixels = imagePixels('stacked_cnn', name, input);
  const { height, width, channels } = pixels;
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
    forward: (row, ctx) => fc.forward(convs.forward(pixels.forward(row), ctx, true), ctx),
    // The graph input is the uint8 pixels serving decodes.
    exportOnnx: (g, row) => fc.exportOnnx(g, convs.exportOnnx(g, pixels.exportOnnx(g, row))),
  };
};
