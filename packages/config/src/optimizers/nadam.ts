import { z } from 'zod';
import { doc } from '../common.js';
import { betasField, epsField, weightDecayField } from './fields.js';

/** NAdam: Adam with Nesterov momentum (Dozat 2016); torch's defaults, as in Ludwig. */
export const ZNadamOptimizer = z.strictObject({
  type: doc(z.literal('nadam'), 'NAdam: Adam with Nesterov momentum.'),
  betas: betasField(),
  eps: epsField(1e-8),
  weight_decay: weightDecayField(),
  momentum_decay: doc(z.number().min(0).default(4e-3), 'Momentum decay (psi): how fast the momentum schedule approaches beta1.'),
});
export type NadamOptimizerConfig = z.infer<typeof ZNadamOptimizer>;
