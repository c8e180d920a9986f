import { z } from 'zod';
import { doc } from '../common.js';
import { decoderFcShape } from './base.js';

/**
 * Ludwig's `anomaly` decoder (AnomalyDecoderConfig): the decoder's FC stack, then the squared
 * distance ||z - c||² of its output z to the hypersphere centre c. No head of its own: c is a
 * fixed vector (the mean of z over the training rows), not a trained layer.
 */
export const ZAnomalyDecoder = z.strictObject({
  type: doc(z.literal('anomaly'), 'Computes ||z - c||² as the anomaly score.'),
  ...decoderFcShape,
  input_size: doc(
    z.number().int().positive().nullable().default(null),
    'Size of the encoder output. Set automatically from the FC stack output shape (Ludwig); a value here is ignored.',
  ),
});
export type AnomalyDecoderConfig = z.infer<typeof ZAnomalyDecoder>;
