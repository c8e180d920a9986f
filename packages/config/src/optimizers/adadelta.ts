import { z } from 'zod';
import { doc } from '../common.js';
import { epsField, weightDecayField } from './fields.js';

/** Adadelta (Zeiler 2012); torch's defaults, as in Ludwig (the trainer's learning_rate scales the step). */
export const ZAdadeltaOptimizer = z.strictObject({
  type: doc(z.literal('adadelta'), 'Adadelta: steps sized by running averages of squared gradients and squared updates.'),
  rho: doc(z.number().min(0).max(1).default(0.9), 'Coefficient of the running averages of squared gradients and updates.'),
  eps: epsField(1e-6),
  weight_decay: weightDecayField(),
});
export type AdadeltaOptimizerConfig = z.infer<typeof ZAdadeltaOptimizer>;
