import { z } from 'zod';
import { doc, outputSizeField } from '../../common.js';

/**
 * Ludwig 0.17's category `target` encoder (`CategoricalTargetEncoderConfig`, after
 * Micci-Barreca, 2001): a learned `output_size` vector per category, starting at zero as in
 * Ludwig's encoder, so each category's value is learned from the target through the loss.
 */
export const ZCategoryTargetEncoder = z.strictObject({
  type: doc(z.literal('target'), 'A learned value per category (zero at the start), learned from the target.'),
  output_size: outputSizeField(1, 'Size of the learned vector of each category.'),
});
export type CategoryTargetEncoderConfig = z.infer<typeof ZCategoryTargetEncoder>;
