import { z } from 'zod';
import { doc, ZActivation } from '../common.js';
import { decoderFcShape, decoderHeadShape } from './base.js';

/** Projects onto a vector of `output_size` values (vector outputs). */
export const ZProjectorDecoder = z.strictObject({
  type: doc(z.literal('projector'), 'Linear projection onto a vector.'),
  ...decoderFcShape,
  ...decoderHeadShape,
  output_size: doc(z.number().int().positive().nullable().default(null), 'Size of the projected vector; null takes vector_size from the data.'),
  activation: doc(ZActivation.nullable().default(null), 'Activation applied to the projection.'),
  multiplier: doc(z.number().default(1), 'Multiplies the output after the activation (e.g. to scale a tanh).'),
  clip: doc(z.tuple([z.number(), z.number()]).nullable().default(null), 'Clip the output to [min, max].'),
});
export type ProjectorDecoderConfig = z.infer<typeof ZProjectorDecoder>;
