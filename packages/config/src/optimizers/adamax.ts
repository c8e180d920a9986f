import { z } from 'zod';
import { doc } from '../common.js';
import { betasField, epsField, weightDecayField } from './fields.js';

/** Adamax: Adam with the infinity norm (Kingma & Ba 2015, §7); torch's defaults, as in Ludwig. */
export const ZAdamaxOptimizer = z.strictObject({
  type: doc(z.literal('adamax'), 'Adamax: Adam with the infinity norm of past gradients.'),
  betas: betasField(),
  eps: epsField(1e-8),
  weight_decay: weightDecayField(),
});
export type AdamaxOptimizerConfig = z.infer<typeof ZAdamaxOptimizer>;
