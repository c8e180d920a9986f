import { z } from 'zod';
import { doc } from '../common.js';
import { momentumField, weightDecayField } from './fields.js';

export const ZSgdOptimizer = z.strictObject({
  type: doc(z.literal('sgd'), 'Stochastic gradient descent, optionally with momentum.'),
  momentum: momentumField(),
  weight_decay: weightDecayField(),
  dampening: doc(z.number().min(0).default(0), 'Dampening for momentum.'),
  nesterov: doc(z.boolean().default(false), 'Use Nesterov momentum.'),
});
export type SgdOptimizerConfig = z.infer<typeof ZSgdOptimizer>;
