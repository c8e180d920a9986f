import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normParamsField, numFcLayersField,
  outputSizeField, useBiasField, weightsInitializerField, ZActivation, ZNormParams,
} from '../../common.js';

/** An int or an (height, width) pair, as Ludwig's conv parameters take. */
const ZPair = (min: number) => z.union([z.number().int().min(min), z.tuple([z.number().int().min(min), z.number().int().min(min)])]);
export const poolFunctions = ['max', 'average', 'avg', 'mean'] as const;
const ZPadding = z.union([z.enum(['valid', 'same']), ZPair(0)]);
export const ZPaddingMode = z.enum(['zeros', 'reflect', 'replicate', 'circular']);
const isZero = (v: number | [number, number]) => (Array.isArray(v) ? v.every((x) => x === 0) : v === 0);
const isOne = (v: number | [number, number]) => (Array.isArray(v) ? v.every((x) => x === 1) : v === 1);
// Ludwig's other values parse and are refused by name, never approximated.
const ZConvNorm = z.enum(['batch', 'layer']).refine((v) => v !== 'layer', {
  message: 'layer norm after a 2-D convolution (Ludwig normalizes over height and width) is not supported yet; use batch or null',
});
const ZGroups = z.number().int().positive().refine((v) => v === 1, { message: 'grouped convolutions (groups other than 1) are not supported yet' });
const ZZerosMode = ZPaddingMode.refine((v) => v === 'zeros', { message: 'padding modes other than zeros are not supported yet' });
const ZPoolPadding = ZPair(0).refine(isZero, { message: 'pool_padding other than 0 is not supported yet' });
const ZPoolDilation = ZPair(1).refine(isOne, { message: 'pool_dilation other than 1 is not supported yet' });

/** One convolutional layer of a stack; omitted keys take the encoder-level values (Ludwig `Conv2DStack`). */
export const ZConv2DLayer = z.strictObject({
  out_channels: doc(z.number().int().positive().optional(), 'Filters of this layer.'),
  kernel_size: doc(ZPair(1).optional(), 'Kernel size (an int or [height, width]).'),
  stride: doc(ZPair(1).optional(), 'Stride (an int or [height, width]).'),
  padding: doc(ZPadding.optional(), "'valid', 'same', an int or [height, width]."),
  dilation: doc(ZPair(1).optional(), 'Dilation (an int or [height, width]).'),
  groups: doc(ZGroups.optional(), 'Groups of the convolution (only 1 is supported).'),
  use_bias: doc(z.boolean().optional(), 'Whether the convolution has a bias.'),
  padding_mode: doc(ZZerosMode.optional(), 'Padding mode (only zeros is supported).'),
  norm: doc(ZConvNorm.nullable().optional(), 'Normalization after the convolution: batch (per channel) or null.'),
  norm_params: doc(ZNormParams.optional(), 'Parameters of the normalization.'),
  activation: doc(ZActivation.nullable().optional(), 'Activation after the normalization.'),
  dropout: doc(z.number().min(0).max(1).optional(), 'Dropout after the activation.'),
  pool_function: doc(z.enum(poolFunctions).optional(), 'Pooling: max, or average (avg, mean).'),
  pool_kernel_size: doc(ZPair(1).nullable().optional(), 'Pooling window; null: no pooling.'),
  pool_stride: doc(ZPair(1).nullable().optional(), 'Pooling stride; null: the pooling window.'),
  pool_padding: doc(ZPoolPadding.optional(), 'Pooling padding (only 0 is supported).'),
  pool_dilation: doc(ZPoolDilation.optional(), 'Pooling dilation (only 1 is supported).'),
});
export type Conv2DLayerConfig = z.infer<typeof ZConv2DLayer>;

/**
 * Ludwig's default image encoder (`Stacked2DCNNConfig`): convolution → norm → activation →
 * dropout → pooling per layer, then the flattened feature map through a fully connected stack.
 * Without conv_layers or num_conv_layers there are two layers, of 32 and 64 filters.
 */
export const ZImageStackedCnnEncoder = z.strictObject({
  type: doc(z.literal('stacked_cnn'), 'Stacked 2-D convolutions with pooling, then fully connected layers.'),
  conv_layers: doc(z.array(ZConv2DLayer).min(1).nullable().default(null), 'Explicit list of convolutional layers; overrides num_conv_layers.'),
  num_conv_layers: doc(z.number().int().min(0).nullable().default(null), 'Number of convolutional layers (each with the encoder-level values); null: two layers of 32 and 64 filters.', {
    commonly_used: true,
  }),
  out_channels: doc(z.number().int().positive().default(32), 'Filters of each convolutional layer not given in conv_layers.', { commonly_used: true }),
  kernel_size: doc(ZPair(1).default(3), 'Kernel size of each convolution (an int or [height, width]).'),
  stride: doc(ZPair(1).default(1), 'Stride of each convolution.'),
  padding: doc(ZPadding.default('valid'), "Padding of each convolution: 'valid', 'same', an int or [height, width]."),
  padding_mode: doc(ZZerosMode.default('zeros'), 'Padding mode (only zeros is supported).'),
  dilation: doc(ZPair(1).default(1), 'Dilation of each convolution.'),
  groups: doc(ZGroups.default(1), 'Groups of each convolution (only 1 is supported).'),
  conv_use_bias: doc(z.boolean().default(true), 'Whether the convolutions have a bias.'),
  conv_norm: doc(ZConvNorm.nullable().default(null), 'Normalization after each convolution: batch (per channel) or null.'),
  conv_norm_params: normParamsField(),
  conv_activation: activationField(),
  conv_dropout: dropoutField(),
  pool_function: doc(z.enum(poolFunctions).default('max'), 'Pooling after each convolution: max, or average (avg, mean).'),
  pool_kernel_size: doc(ZPair(1).nullable().default(2), 'Pooling window; null: no pooling.'),
  pool_stride: doc(ZPair(1).nullable().default(null), 'Pooling stride; null: the pooling window.'),
  pool_padding: doc(ZPoolPadding.default(0), 'Pooling padding (only 0 is supported).'),
  pool_dilation: doc(ZPoolDilation.default(1), 'Pooling dilation (only 1 is supported).'),
  height: doc(z.number().int().positive().nullable().default(null), 'Set from preprocessing (Ludwig keeps it here).'),
  width: doc(z.number().int().positive().nullable().default(null), 'Set from preprocessing (Ludwig keeps it here).'),
  num_channels: doc(z.number().int().positive().nullable().default(null), 'Set from preprocessing (Ludwig keeps it here).'),
  output_size: outputSizeField(128, 'Output size of each fully connected layer not given in fc_layers.'),
  num_fc_layers: numFcLayersField(1),
  fc_layers: fcLayersField(),
  fc_dropout: dropoutField(),
  fc_activation: activationField(),
  fc_use_bias: useBiasField(),
  fc_weights_initializer: weightsInitializerField(),
  fc_bias_initializer: biasInitializerField(),
  fc_norm: doc(z.enum(['batch', 'layer', 'ghost']).nullable().default(null), 'Normalization of each fully connected layer.'),
  fc_norm_params: normParamsField(),
});
export type ImageStackedCnnEncoderConfig = z.infer<typeof ZImageStackedCnnEncoder>;
