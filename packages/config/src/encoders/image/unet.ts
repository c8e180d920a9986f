import { z } from 'zod';
import { doc } from '../../common.js';

/**
 * Ludwig's `unet` image encoder (`UNetEncoderConfig`, UNetDownStack): four stages of two 3×3
 * convolutions (64, 128, 256, 512 filters, each followed by `conv_norm` and ReLU) with a 2×2 max
 * pooling after each, then a 1024-filter bottleneck. It hands the feature map before each pooling
 * to a `unet` decoder as its skip connections, so the images must be a multiple of 16 on each side.
 */
export const ZImageUNetEncoder = z.strictObject({
  type: doc(z.literal('unet'), 'The contracting path of a U-Net; its skip connections feed a unet decoder (semantic segmentation).'),
  height: doc(z.number().int().min(0).nullable().default(null), 'Internal (Ludwig): set from the image preprocessing.'),
  width: doc(z.number().int().min(0).nullable().default(null), 'Internal (Ludwig): set from the image preprocessing.'),
  num_channels: doc(z.number().int().min(0).nullable().default(null), 'Internal (Ludwig): set from the image preprocessing.'),
  conv_norm: doc(z.literal('batch').nullable().default('batch'), 'Normalization after each convolution: batch or null.'),
});
export type ImageUNetEncoderConfig = z.infer<typeof ZImageUNetEncoder>;
