import { z } from 'zod';
import { doc } from '../common.js';
import { adamFamilyFields } from './fields.js';

/** Adam (Kingma & Ba 2015); defaults are torch's, as in Ludwig. */
export const ZAdamOptimizer = z.strictObject({
  type: doc(z.literal('adam'), 'Adam: adaptive moment estimation.'),
  ...adamFamilyFields(),
  amsgrad: doc(z.boolean().default(false), 'Use the AMSGrad variant (Reddi et al. 2018).'),
});
export type AdamOptimizerConfig = z.infer<typeof ZAdamOptimizer>;
