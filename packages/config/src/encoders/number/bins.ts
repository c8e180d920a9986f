import { z } from 'zod';
import { doc, outputSizeField } from '../../common.js';
import { PLE_MAX_BINS } from './ple.js';

/**
 * Ludwig 0.17's `bins` number encoder (`BinsEncoderConfig`): the value falls into one of
 * `num_bins` bins and each bin has a learned embedding of `output_size`. Ludwig documents the
 * edges as computed from the training data but never sets them (its encoder keeps 0…1 evenly);
 * here they are the training quantiles, as `ple`'s, so each bin holds about as many rows.
 */
export const ZBinsEncoder = z.strictObject({
  type: doc(z.literal('bins'), 'Discretizes the value into quantile bins of the training values, each with a learned embedding.'),
  num_bins: doc(z.number().int().min(2).max(PLE_MAX_BINS).default(32), `Number of bins (at most ${PLE_MAX_BINS}, the quantiles training stores).`, {
    suggested_values: [8, 16, 32, 64],
  }),
  output_size: outputSizeField(256, 'Size of the embedding of each bin.'),
});
export type BinsEncoderConfig = z.infer<typeof ZBinsEncoder>;
