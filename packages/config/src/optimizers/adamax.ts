import { z } from 'zod';
import { doc } from '../common.js';
import { adamFamilyFields } from './fields.js';

/** Adamax: Adam with the infinity norm (Kingma & Ba 2015, §7); torch's defaults, as in Ludwig. */
export const ZAdamaxOptimizer = z.strictObject({
  type: doc(z.literal('adamax'), 'Adamax: Adam with the infinity norm of past gradients.'),
  ...adamFamilyFields(),
});
export type AdamaxOptimizerConfig = z.infer<typeof ZAdamaxOptimizer>;
