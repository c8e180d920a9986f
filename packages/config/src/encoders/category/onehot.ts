import { z } from 'zod';
import { doc } from '../../common.js';

/** Plain one-hot vector of the vocabulary size (Ludwig `CategoricalOneHotEncoderConfig`). */
export const ZCategoryOneHotEncoder = z.strictObject({
  type: doc(z.literal('onehot'), 'A one-hot vector of the vocabulary size, no parameters.'),
});
export type CategoryOneHotEncoderConfig = z.infer<typeof ZCategoryOneHotEncoder>;
