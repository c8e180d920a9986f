import { z } from 'zod';
import { doc } from '../common.js';
import { decoderFcShape } from './base.js';

/**
 * Ludwig's `unet` decoder (`UNetDecoderConfig`, UNetUpStack): the expansive path of a U-Net over
 * the `unet` encoder's bottleneck, one stage per encoder stage (a 2×2 stride-2 transposed
 * convolution halving the channels, the encoder's skip of that size concatenated, two 3×3
 * convolutions with `conv_norm` and ReLU), then a 1×1 convolution to `num_classes` logits per pixel.
 * height, width and num_classes are set from the mask images (preprocessing), as Ludwig does.
 */
export const ZUNetDecoder = z.strictObject({
  type: doc(z.literal('unet'), 'U-Net upsampling path with the unet encoder\'s skip connections: a class per pixel.'),
  // Ludwig's BaseDecoderConfig fields; its UNetDecoder builds no FC stack, so only 0 layers are accepted (segmentation-checks.ts).
  ...decoderFcShape,
  input_size: doc(z.number().int().positive().default(1024), 'Size of the input to the decoder (Ludwig sets it from the combiner).'),
  height: doc(z.number().int().min(0).nullable().default(null), 'Internal (Ludwig): the height of the masks, set from preprocessing.'),
  width: doc(z.number().int().min(0).nullable().default(null), 'Internal (Ludwig): the width of the masks, set from preprocessing.'),
  num_channels: doc(z.number().int().min(0).nullable().default(null), 'Internal (Ludwig): the channels of the masks, set from preprocessing.'),
  conv_norm: doc(z.literal('batch').nullable().default('batch'), 'Normalization after each convolution: batch or null.'),
  num_classes: doc(z.number().int().min(0).nullable().default(null), 'Internal (Ludwig): the classes of the masks, set from preprocessing.'),
  num_stages: doc(z.number().int().positive().default(4), 'Encoder/decoder stage pairs; must match the unet encoder (4 in Ludwig).'),
});
export type UNetDecoderConfig = z.infer<typeof ZUNetDecoder>;
