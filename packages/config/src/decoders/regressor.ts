import { z } from 'zod';
import { doc } from '../common.js';
import { decoderFcShape, decoderHeadShape } from './base.js';

/** A single linear unit on top of the optional FC stack (binary logit, number value). */
export const ZRegressorDecoder = z.strictObject({
  type: doc(z.literal('regressor'), 'Linear head producing one value (a logit for binary outputs).'),
  ...decoderFcShape,
  ...decoderHeadShape,
});
export type RegressorDecoderConfig = z.infer<typeof ZRegressorDecoder>;
