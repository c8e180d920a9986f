import { z } from 'zod';
import { doc } from '../common.js';
import { epsField, weightDecayField } from './fields.js';

export const ZAdagradOptimizer = z.strictObject({
  type: doc(z.literal('adagrad'), 'Adagrad: per-parameter learning rates from accumulated squared gradients.'),
  initial_accumulator_value: doc(z.number().min(0).default(0), 'Starting value of the accumulators.'),
  lr_decay: doc(z.number().min(0).default(0), 'Learning rate decay.'),
  weight_decay: weightDecayField(),
  eps: epsField(1e-10),
});
export type AdagradOptimizerConfig = z.infer<typeof ZAdagradOptimizer>;
