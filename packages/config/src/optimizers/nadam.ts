import { z } from 'zod';
import { doc } from '../common.js';
import { adamFamilyFields } from './fields.js';

/** NAdam: Adam with Nesterov momentum (Dozat 2016); torch's defaults, as in Ludwig. */
export const ZNadamOptimizer = z.strictObject({
  type: doc(z.literal('nadam'), 'NAdam: Adam with Nesterov momentum.'),
  ...adamFamilyFields(),
  momentum_decay: doc(z.number().min(0).default(4e-3), 'Momentum decay (psi): how fast the momentum schedule approaches beta1.'),
});
export type NadamOptimizerConfig = z.infer<typeof ZNadamOptimizer>;
