import { z } from 'zod';
import { doc } from '../common.js';
import { ZUNetDecoder } from '../decoders/unet.js';
import { ZSoftmaxCrossEntropyLoss } from '../losses/softmax-cross-entropy.js';
import { imageOutputMetrics } from '../metrics.js';
import { outputFeatureBase } from './base.js';
import { ZImagePreprocessing } from './image.js';

/** Ludwig's image decoders Overture does not train yet (they parse, validation refuses them by name). */
export const untrainedImageDecoders = ['segformer', 'fpn'] as const;
/** Ludwig's image losses Overture does not train yet. */
export const untrainedImageLosses = ['focal', 'dice', 'lovasz_softmax'] as const;

/**
 * Ludwig's `ImageOutputPreprocessingConfig`: the image preprocessing of inputs, with drop_row as the
 * missing-value strategy, plus the mask's classes. Every distinct pixel colour of the masks is a
 * class (sorted, as torch.unique orders them); `num_classes` checks the count (2 on gray masks
 * rounds each pixel to black or white first, as Ludwig).
 */
export const ZImageOutputPreprocessing = ZImagePreprocessing.extend({
  missing_value_strategy: doc(z.literal('drop_row').default('drop_row'), 'A row whose mask is missing is dropped (the only strategy of a mask target).'),
  num_classes: doc(
    z.number().int().positive().nullable().default(null),
    'Number of classes (distinct pixel colours) of the masks; more colours in the masks is an error. Null: as many as the masks hold.',
    { commonly_used: true },
  ),
  infer_image_num_classes: doc(z.boolean().default(false), 'Map each distinct pixel colour of the masks to a class (always done for a mask target; kept for Ludwig).'),
});
export type ImageOutputPreprocessing = z.output<typeof ZImageOutputPreprocessing>;

/**
 * An image output: a segmentation mask per row (Ludwig's ImageOutputFeature), predicted as a class
 * per pixel by the `unet` decoder over a `unet` image encoder's skip connections.
 */
export const ZImageOutputFeature = z.strictObject({
  ...outputFeatureBase,
  type: z.literal('image'),
  decoder: z.discriminatedUnion('type', [
    ZUNetDecoder,
    z.looseObject({ type: z.enum(untrainedImageDecoders).meta({ description: 'A Ludwig image decoder Overture does not train yet.' }) }),
  ]).prefault({ type: 'unet' }),
  loss: z.discriminatedUnion('type', [
    ZSoftmaxCrossEntropyLoss,
    z.looseObject({ type: z.enum(untrainedImageLosses).meta({ description: 'A Ludwig image loss Overture does not train yet.' }) }),
  ]).prefault({ type: 'softmax_cross_entropy' }),
  preprocessing: ZImageOutputPreprocessing.prefault({}),
  default_validation_metric: doc(z.enum(imageOutputMetrics).default('loss'), 'Metric watched when this output drives early stopping.'),
});
