import { z } from 'zod';
import { doc } from '../common.js';
import { backgroundClassField } from './entropic-open-set.js';
import { lossWeightField } from './weight.js';

/**
 * Ludwig 0.17's `objectosphere` loss (Dhamija et al., 2018): the entropic open-set loss plus a
 * logit-norm gap, max(0, xi − ‖z‖)² on the rows of known classes (every row without a background
 * class) and zeta·‖z‖² on the background rows, so unknown inputs get small logits a norm
 * threshold can flag.
 */
export const ZObjectosphereLoss = z.strictObject({
  type: doc(z.literal('objectosphere'), 'Entropic open-set loss plus a logit-norm margin between known and background rows.'),
  background_class: backgroundClassField(),
  xi: doc(z.number().min(0).default(10), 'Minimum logit norm asked of the rows of known classes.'),
  zeta: doc(z.number().min(0).default(0.1), 'Weight of the squared logit norm on the background rows.'),
  weight: lossWeightField(),
});
export type ObjectosphereLossConfig = z.infer<typeof ZObjectosphereLoss>;
