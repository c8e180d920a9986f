import { z } from 'zod';
import { doc } from '../common.js';
import { adamFamilyFields } from './fields.js';

/** RAdam: rectified Adam (Liu et al. 2020), no warmup needed; torch's defaults, as in Ludwig. */
export const ZRadamOptimizer = z.strictObject({
  type: doc(z.literal('radam'), 'RAdam: Adam whose adaptive step is rectified while the variance estimate is young.'),
  ...adamFamilyFields(),
});
export type RadamOptimizerConfig = z.infer<typeof ZRadamOptimizer>;
