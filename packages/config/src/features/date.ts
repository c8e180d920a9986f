import { z } from 'zod';
import { doc } from '../common.js';
import { ZDateEncoder } from '../encoders/index.js';
import { inputFeatureBase, missingValueStrategies, missingValueStrategyField } from './base.js';

export const ZDatePreprocessing = z.strictObject({
  missing_value_strategy: missingValueStrategyField(missingValueStrategies, 'fill_with_const'),
  fill_value: doc(z.string().default(''), 'Value used by fill_with_const (an empty string becomes the current date).'),
  datetime_format: doc(z.string().nullable().default(null), 'strftime-style format of the dates; null infers it.'),
});
export type DatePreprocessing = z.output<typeof ZDatePreprocessing>;

/** Dates are inputs only in Ludwig. */
export const ZDateInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('date'),
  encoder: ZDateEncoder.prefault({ type: 'embed' }),
  preprocessing: ZDatePreprocessing.prefault({}),
});
