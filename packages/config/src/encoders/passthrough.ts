import { z } from 'zod';
import { doc } from '../common.js';

/** Feeds the preprocessed value to the combiner unchanged (number, binary, vector; category as its index). */
export const ZPassthroughEncoder = z.strictObject({
  type: doc(z.literal('passthrough'), 'Pass the preprocessed value through unchanged.'),
});
export type PassthroughEncoderConfig = z.infer<typeof ZPassthroughEncoder>;
