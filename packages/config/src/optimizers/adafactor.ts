import { z } from 'zod';
import { doc } from '../common.js';

/**
 * Adafactor (Shazeer & Stern 2018) with Ludwig's options (those of transformers' Adafactor). With
 * `lr: null` and `relative_step` it sizes its own steps (min(1e-2, 1/√t)) and ignores the trainer's
 * learning rate and schedule; with a number for `lr` the trainer's learning_rate (and schedule) is
 * used, as Ludwig passes it, and relative_step must be false.
 */
export const ZAdafactorOptimizer = z
  .strictObject({
    type: doc(z.literal('adafactor'), 'Adafactor: factored second moments (row and column averages) for low memory.'),
    lr: doc(z.number().min(0).nullable().default(null), 'null: Adafactor sizes its own steps (relative_step); a number: use the trainer\'s learning_rate.'),
    scale_parameter: doc(z.boolean().default(true), 'Scale the step by the root mean square of the parameter.'),
    relative_step: doc(z.boolean().default(true), 'Use a time-dependent step size instead of the learning rate.'),
    warmup_init: doc(z.boolean().default(false), 'With relative_step, grow the step size linearly from 0 at the start.'),
  })
  .superRefine((o, ctx) => {
    if (o.lr !== null && o.relative_step) {
      ctx.addIssue({ code: 'custom', path: ['relative_step'], message: 'adafactor with a manual lr needs relative_step: false (or set lr: null to let Adafactor size its steps)' });
    }
    if (o.lr === null && !o.relative_step) {
      ctx.addIssue({ code: 'custom', path: ['lr'], message: 'adafactor with relative_step: false needs a number for lr (the trainer\'s learning_rate is then used)' });
    }
  });
export type AdafactorOptimizerConfig = z.infer<typeof ZAdafactorOptimizer>;
