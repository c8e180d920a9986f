import { z } from 'zod';
import { doc } from '../../common.js';

/**
 * Ludwig's `SequencePassthroughConfig` (timeseries): the padded series goes to the combiner as it
 * is, one value per step (`reduce_output: null`), or reduced over the steps to one value.
 */
export const timeseriesPassthroughReductions = ['sum', 'mean', 'avg', 'max', 'last', 'concat'] as const;

export const ZTimeseriesPassthroughEncoder = z.strictObject({
  type: doc(z.literal('passthrough'), 'Feed the padded series unchanged (one value per step) to the combiner.'),
  max_sequence_length: doc(z.number().int().positive().nullable().default(null), 'Set from the data (timeseries_length_limit or window_size); a value written here is replaced.'),
  encoding_size: doc(
    z.literal(1).nullable().default(null),
    'Size of each step\'s value: null or 1 (each step is one number).',
  ),
  reduce_output: doc(
    z.enum(timeseriesPassthroughReductions).nullable().default(null),
    'How the steps are reduced: null or concat keeps every step (width max_sequence_length); sum, mean/avg, max or last give one value.',
  ),
});
export type TimeseriesPassthroughEncoderConfig = z.infer<typeof ZTimeseriesPassthroughEncoder>;
