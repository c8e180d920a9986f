import { z } from 'zod';
import { doc, fcStackShape } from '../../common.js';

/** Periodic (sine/cosine) encoding of the date parts (Ludwig `DateWaveConfig`). */
export const ZDateWaveEncoder = z.strictObject({
  type: doc(z.literal('wave'), 'Sine/cosine encoding of each date part, then a fully connected stack.'),
  ...fcStackShape(10, 1),
});
export type DateWaveEncoderConfig = z.infer<typeof ZDateWaveEncoder>;
