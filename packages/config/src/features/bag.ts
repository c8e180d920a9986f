import { z } from 'zod';
import { ZBagEncoder } from '../encoders/index.js';
import { inputFeatureBase } from './base.js';
import { setPreprocessingShape } from './set.js';

/** Bag preprocessing is the set's (tokenizer space, most_common 10000, lowercase false, fill <UNK>). */
export const ZBagPreprocessing = z.strictObject(setPreprocessingShape('input'));
export type BagPreprocessing = z.output<typeof ZBagPreprocessing>;

/** Bags are inputs only in Ludwig. */
export const ZBagInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('bag'),
  encoder: ZBagEncoder.prefault({ type: 'embed' }),
  preprocessing: ZBagPreprocessing.prefault({}),
});
