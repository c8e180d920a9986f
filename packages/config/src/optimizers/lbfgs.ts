import { z } from 'zod';
import { doc } from '../common.js';

/**
 * Ludwig's `lbfgs` (torch.optim.LBFGS, its defaults): each training step runs up to `max_iter`
 * L-BFGS iterations on the same batch, re-evaluating its loss and gradient after every move (the
 * closure Ludwig's trainer passes). `trainer.learning_rate` is the step length (Ludwig's example
 * uses 1 with one full-batch step). Without a line search, as torch's default.
 */
export const ZLbfgsOptimizer = z.strictObject({
  type: doc(z.literal('lbfgs'), 'Limited-memory BFGS: several quasi-Newton iterations per step on the same batch.'),
  max_iter: doc(z.number().int().positive().default(20), 'Maximum number of iterations per optimization step.'),
  max_eval: doc(z.number().int().positive().nullable().default(null), 'Maximum number of loss evaluations per step; null: max_iter × 1.25.'),
  tolerance_grad: doc(z.number().min(0).default(1e-7), 'A step ends when no gradient element is larger than this (first-order optimality).'),
  tolerance_change: doc(z.number().min(0).default(1e-9), 'A step ends when the loss or the parameters change by less than this.'),
  history_size: doc(z.number().int().positive().default(100), 'Past updates kept to approximate the inverse Hessian.'),
  line_search_fn: doc(
    z.null().or(z.literal('strong_wolfe').refine(() => false, "line_search_fn 'strong_wolfe' is a Ludwig L-BFGS option that Overture does not support yet; leave it out (fixed steps of learning_rate, torch's default)")).default(null),
    "Line search; only null (fixed steps, torch's default) is supported.",
  ),
});
export type LbfgsOptimizerConfig = z.infer<typeof ZLbfgsOptimizer>;
