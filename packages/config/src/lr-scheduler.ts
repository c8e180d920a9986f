import { z } from 'zod';
import { doc } from './common.js';

/** Ludwig `schema/lr_scheduler.py` (classic 0.10 options). */
export const ZLearningRateScheduler = z.strictObject({
  decay: doc(z.enum(['linear', 'exponential', 'cosine']).nullable().default(null), 'Learning rate decay: linear, exponential, cosine (with warm restarts) or null.', {
    commonly_used: true,
  }),
  decay_rate: doc(z.number().min(0).max(1).default(0.96), 'Multiplier per decay_steps of exponential decay.'),
  decay_steps: doc(z.number().int().positive().default(10000), 'Steps over which exponential decay applies decay_rate once.'),
  staircase: doc(z.boolean().default(false), 'Decay in discrete steps instead of continuously.'),
  warmup_fraction: doc(z.number().min(0).max(1).default(0), 'Fraction of the total training steps spent warming up the learning rate linearly.'),
  warmup_evaluations: doc(z.number().min(0).default(0), 'Number of evaluation periods spent warming up the learning rate.'),
  reduce_on_plateau: doc(z.number().int().min(0).default(0), 'How many times to reduce the learning rate when the metric plateaus (0 disables).'),
  reduce_on_plateau_patience: doc(z.number().int().min(0).default(10), 'Evaluations without improvement before a reduction.'),
  reduce_on_plateau_rate: doc(z.number().gt(0).lt(1).default(0.1), 'Multiplier applied at each reduction.'),
  reduce_eval_metric: doc(z.string().default('loss'), 'Metric watched for plateaus.'),
  reduce_eval_split: doc(z.enum(['training', 'validation', 'test']).default('training'), 'Split on which the metric is watched.'),
  t_0: doc(z.number().int().positive().nullable().default(null), 'Steps until the first cosine restart; null uses one epoch.'),
  t_mult: doc(z.number().int().positive().default(1), 'Factor by which the cosine period grows after each restart.'),
  eta_min: doc(z.number().min(0).default(0), 'Minimum learning rate of the cosine schedule.'),
});
export type LearningRateSchedulerConfig = z.output<typeof ZLearningRateScheduler>;
