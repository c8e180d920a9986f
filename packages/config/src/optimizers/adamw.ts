import { z } from 'zod';
import { doc } from '../common.js';
import { betasField, epsField, weightDecayField } from './fields.js';

/** AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019). Ludwig keeps weight_decay 0 by default. */
export const ZAdamWOptimizer = z.strictObject({
  type: doc(z.literal('adamw'), 'AdamW: Adam with decoupled weight decay.'),
  betas: betasField(),
  eps: epsField(1e-8),
  weight_decay: weightDecayField(0),
  amsgrad: doc(z.boolean().default(false), 'Use the AMSGrad variant (Reddi et al. 2018).'),
});
export type AdamWOptimizerConfig = z.infer<typeof ZAdamWOptimizer>;
