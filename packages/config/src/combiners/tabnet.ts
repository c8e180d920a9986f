import { z } from 'zod';
import { doc } from '../common.js';

/** Ludwig's attention normalizers; `adaptive` (a learned alpha) is refused. */
export const entmaxModes = ['entmax15', 'sparsemax', 'constant', 'adaptive'] as const;
export type EntmaxMode = (typeof entmaxModes)[number];
const unsupportedEntmax: Partial<Record<EntmaxMode, string>> = {
  adaptive: 'use entmax_mode: constant with entmax_alpha, or entmax15 or sparsemax',
};

/**
 * TabNet (Arik & Pfister, 2019; Ludwig `TabNetCombinerConfig`): sequential attention over the
 * concatenated encoder outputs. Names in the descriptions (`N_a`, `N_d`, `B_v`, …) are the paper's.
 */
export const ZTabNetCombiner = z.strictObject({
  type: doc(z.literal('tabnet'), 'TabNet: steps of sparse feature selection (attentive transformer) and feature processing (feature transformer).'),
  size: doc(z.number().int().positive().default(32), 'Size of the hidden layers. `N_a` in (Arik and Pfister, 2019).', { commonly_used: true, suggested_values: [8, 16, 32, 64] }),
  dropout: doc(z.number().min(0).max(1).default(0.05), 'Dropout rate applied to the combiner output.'),
  output_size: doc(z.number().int().positive().default(128), 'Output size of a fully connected layer. `N_d` in (Arik and Pfister, 2019).', { commonly_used: true, suggested_values: [8, 16, 32, 64, 128] }),
  num_steps: doc(z.number().int().min(0).default(3), 'Number of steps of attentive and feature transformer. `N_steps` in (Arik and Pfister, 2019).', { commonly_used: true, suggested_values: [3, 5, 7] }),
  num_total_blocks: doc(z.number().int().min(1, 'a feature transformer needs at least 1 block').default(4), 'Total number of feature transformer blocks at each step.'),
  num_shared_blocks: doc(z.number().int().min(0).default(2), 'Number of feature transformer blocks whose weights are shared across the steps.'),
  relaxation_factor: doc(z.number().default(1.5), 'How often a feature may be selected across steps: 1 means once, more allows reuse. `gamma` in (Arik and Pfister, 2019).'),
  bn_epsilon: doc(z.number().default(1e-3), 'Epsilon added to the batch norm denominator.'),
  bn_momentum: doc(z.number().default(0.05), 'Momentum of the batch norm running statistics. 1 - `m_B` from the TabNet paper.'),
  bn_virtual_bs: doc(z.number().int().positive().nullable().default(1024), 'Virtual batch size of ghost batch norm; null uses regular batch norm. `B_v` from the TabNet paper.'),
  sparsity: doc(z.number().default(1e-4), 'Multiplier of the sparsity-inducing entropy loss on the attention masks. `lambda_sparse` in (Arik and Pfister, 2019).'),
  entmax_mode: doc(
    z.enum(entmaxModes).default('sparsemax').superRefine((mode, ctx) => {
      const hint = unsupportedEntmax[mode];
      if (hint) ctx.addIssue({ code: 'custom', message: `entmax_mode '${mode}' is a Ludwig tabnet option that Overture does not support yet; ${hint}` });
    }),
    'Normalizer of the attention masks: sparsemax, entmax15, or constant (alpha-entmax with entmax_alpha, by bisection); adaptive is not supported yet.',
  ),
  entmax_alpha: doc(z.number().min(1).max(2).default(1.5), 'Alpha of entmax_mode constant (1 is softmax, 1.5 entmax15, 2 sparsemax); unused by sparsemax and entmax15.'),
}).superRefine((c, ctx) => {
  if (c.num_shared_blocks > c.num_total_blocks) {
    ctx.addIssue({ code: 'custom', path: ['num_shared_blocks'], message: `num_shared_blocks (${c.num_shared_blocks}) cannot exceed num_total_blocks (${c.num_total_blocks}): shared blocks are among the total` });
  }
});
export type TabNetCombinerConfig = z.output<typeof ZTabNetCombiner>;
