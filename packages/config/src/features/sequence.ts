import { z } from 'zod';
import { ZSequenceEncoder } from '../encoders/index.js';
import { inputFeatureBase } from './base.js';
import { sequencePreprocessingShape } from './text.js';

/** Sequence preprocessing is text's with Ludwig's `space` tokenizer as the default. */
export const ZSequencePreprocessing = z.strictObject(sequencePreprocessingShape('input', 'space'));
export type SequencePreprocessing = z.output<typeof ZSequencePreprocessing>;
export const ZSequenceOutputPreprocessing = z.strictObject(sequencePreprocessingShape('output', 'space'));

/**
 * A sequence input (Ludwig `SequenceInputFeatureConfig`): tokens already separated (space by
 * default), read by the same encoders as text with `embed` as the default; Ludwig's other sequence
 * encoders parse and are refused by validation by name.
 */
export const ZSequenceInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('sequence'),
  encoder: ZSequenceEncoder.prefault({ type: 'embed' }),
  preprocessing: ZSequencePreprocessing.prefault({}),
});
