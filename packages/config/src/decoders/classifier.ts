import { z } from 'zod';
import { doc } from '../common.js';
import { decoderFcShape, decoderHeadShape } from './base.js';

/** A linear layer with one logit per class (category softmax, set sigmoids). Class count comes from the data. */
export const ZClassifierDecoder = z.strictObject({
  type: doc(z.literal('classifier'), 'Linear head with one logit per class; the class count comes from the data.'),
  ...decoderFcShape,
  ...decoderHeadShape,
});
export type ClassifierDecoderConfig = z.infer<typeof ZClassifierDecoder>;
