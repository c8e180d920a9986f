import { z } from 'zod';
import { doc } from '../common.js';
import { betasField, epsField, weightDecayField } from './fields.js';

/**
 * Schedule-Free AdamW (Defazio et al. 2024), Ludwig's `schedule_free_adamw` (the `schedulefree`
 * package's AdamWScheduleFree). Evaluation, best-model selection and the saved model use the
 * averaged weights x; training steps are taken at the interpolation y.
 */
export const ZScheduleFreeAdamWOptimizer = z.strictObject({
  type: doc(z.literal('schedule_free_adamw'), 'Schedule-Free AdamW: no learning rate schedule needed; evaluates an averaged iterate.'),
  betas: betasField(),
  eps: epsField(1e-8),
  weight_decay: weightDecayField(0),
  warmup_steps: doc(z.number().int().min(0).default(0), 'Linear warmup steps built into the optimizer (use instead of a scheduler warmup).'),
});
export type ScheduleFreeAdamWOptimizerConfig = z.infer<typeof ZScheduleFreeAdamWOptimizer>;
