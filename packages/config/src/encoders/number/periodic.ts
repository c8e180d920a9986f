import { z } from 'zod';
import { doc, outputSizeField } from '../../common.js';

/** Bound on the learned frequencies: each is one sine per row per step. */
export const PERIODIC_MAX_FREQUENCIES = 1024;

/**
 * Ludwig 0.17's `periodic` number encoder (`PeriodicEncoderConfig`; Gorishniy et al., 2022,
 * "On Embeddings for Numerical Features in Tabular Deep Learning"): sin(2π·f·x + φ) for
 * `num_frequencies` learned frequencies f (initialized N(0, sigma²)) and phases φ (zeros),
 * then a linear layer to `output_size`.
 */
export const ZPeriodicEncoder = z.strictObject({
  type: doc(z.literal('periodic'), 'Learned sinusoidal features sin(2π·f·x + φ), then a linear layer.'),
  num_frequencies: doc(z.number().int().positive().max(PERIODIC_MAX_FREQUENCIES).default(64), 'Number of learned frequencies.', {
    suggested_values: [16, 32, 64, 128],
  }),
  output_size: outputSizeField(256, 'Output size of the linear layer after the sines.'),
  sigma: doc(z.number().positive().default(1), 'Standard deviation of the normal distribution the frequencies start from.'),
});
export type PeriodicEncoderConfig = z.infer<typeof ZPeriodicEncoder>;
