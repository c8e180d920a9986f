import { z } from 'zod';
import { doc } from '../common.js';
import { ZImageEncoder } from '../encoders/index.js';
import { inputFeatureBase, missingValueStrategies, missingValueStrategyField } from './base.js';
import { ZImageAugmentation } from './image-augmentation.js';

const imageMissingValueStrategies = [...missingValueStrategies, 'fill_with_mean'] as const;
export const imageResizeMethods = ['interpolate', 'crop_or_pad'] as const;
export const IMAGENET1K = 'imagenet1k';

/**
 * Ludwig's `ImagePreprocessingConfig`. Images are decoded to 8-bit height × width × channels at
 * the configured or inferred size; the model sees them scaled to [0, 1] (and standardized with
 * ImageNet's channel statistics under `standardize_image: imagenet1k`).
 */
export const ZImagePreprocessing = z.strictObject({
  missing_value_strategy: missingValueStrategyField(imageMissingValueStrategies, 'bfill'),
  fill_value: doc(
    z.number().min(0).max(255).nullable().default(null),
    'Gray level (0–255) of every pixel of the image that fill_with_const puts in place of a missing one; null is black.',
  ),
  computed_fill_value: doc(z.number().nullable().default(null), 'Set by preprocessing (Ludwig keeps it in the config); a value written here is replaced.'),
  height: doc(
    z.number().int().positive().nullable().default(null),
    'Height in pixels every image is resized to (resize_method). Null: inferred from a sample of the images when infer_image_dimensions is on, else the first image\'s.',
    { commonly_used: true },
  ),
  width: doc(
    z.number().int().positive().nullable().default(null),
    'Width in pixels every image is resized to (resize_method). Null: inferred like height.',
    { commonly_used: true },
  ),
  num_channels: doc(
    z.number().int().min(1).max(4).nullable().default(null),
    'Channels every image is converted to (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA). Null: inferred from a sample of the images.',
  ),
  resize_method: doc(
    z.enum(imageResizeMethods).default('interpolate'),
    'How an image of another size is brought to height × width: interpolate (stretch) or crop_or_pad (centre crop, zero padding).',
  ),
  infer_image_num_channels: doc(z.boolean().default(true), 'Infer num_channels from a sample of the images (the majority, else 3) when it is null.'),
  infer_image_dimensions: doc(
    z.boolean().default(true),
    'Infer height and width (when null) as the rounded mean over a sample of the images, capped by infer_image_max_height/width.',
  ),
  infer_image_max_height: doc(z.number().int().positive().default(256), 'Largest height infer_image_dimensions picks.'),
  infer_image_max_width: doc(z.number().int().positive().default(256), 'Largest width infer_image_dimensions picks.'),
  infer_image_sample_size: doc(z.number().int().positive().default(100), 'How many images (the first readable ones) the inference of dimensions and channels looks at.'),
  standardize_image: doc(
    z.literal(IMAGENET1K).nullable().default(null),
    'Standardize each channel with ImageNet-1k\'s mean and standard deviation (RGB images); null only scales to [0, 1].',
  ),
  in_memory: doc(z.boolean().default(true), 'Accepted for Ludwig compatibility: decoded images are always kept in memory (as 8-bit values while decoding).'),
  num_processes: doc(z.number().int().positive().default(1), 'Accepted for Ludwig compatibility and unused: images are decoded by libvips\' own threads.'),
  requires_equal_dimensions: doc(z.boolean().default(false), 'Set height and width to the smaller of the two (Ludwig sets it for some pretrained encoders).'),
});
export type ImagePreprocessing = z.output<typeof ZImagePreprocessing>;

export const ZImageInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('image'),
  encoder: ZImageEncoder.prefault({ type: 'stacked_cnn' }),
  preprocessing: ZImagePreprocessing.prefault({}),
  augmentation: ZImageAugmentation,
});
