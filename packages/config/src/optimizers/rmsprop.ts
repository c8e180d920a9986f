import { z } from 'zod';
import { doc } from '../common.js';
import { epsField, momentumField, weightDecayField } from './fields.js';

/** RMSprop with torch's parameter names and defaults, as Ludwig uses them. */
export const ZRmspropOptimizer = z.strictObject({
  type: doc(z.literal('rmsprop'), 'RMSprop: divides the gradient by a running average of its magnitude.'),
  momentum: momentumField(),
  alpha: doc(z.number().min(0).default(0.99), 'Smoothing constant of the running average.'),
  eps: epsField(1e-8),
  centered: doc(z.boolean().default(false), 'Normalize the gradient by an estimate of its variance.'),
  weight_decay: weightDecayField(),
});
export type RmspropOptimizerConfig = z.infer<typeof ZRmspropOptimizer>;
