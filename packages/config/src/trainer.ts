import { z } from 'zod';
import { doc } from './common.js';
import { ZLearningRateScheduler } from './lr-scheduler.js';
import { ZOptimizer } from './optimizers/index.js';

/** Ludwig's MAX_POSSIBLE_BATCH_SIZE (2^40): no cap on the batch size tuner. */
export const MAX_POSSIBLE_BATCH_SIZE = 1099511627776;

export const ZGradientClipping = z.strictObject({
  clipglobalnorm: doc(z.number().positive().nullable().default(0.5), 'Maximum global norm of all gradients together.'),
  clipnorm: doc(z.number().positive().nullable().default(null), 'Maximum norm of each gradient.'),
  clipvalue: doc(z.number().positive().nullable().default(null), 'Maximum absolute value of each gradient element.'),
});
export type GradientClippingConfig = z.output<typeof ZGradientClipping>;

/** Ludwig's `trainer.loss_balancing` names; gradnorm and pareto_mtl are refused as not supported yet (see lossBalancingProblem). */
export const lossBalancingStrategies = ['none', 'log_transform', 'uncertainty', 'famo', 'gradnorm', 'nash_mtl', 'pareto_mtl'] as const;
export type LossBalancingStrategy = (typeof lossBalancingStrategies)[number];
const unsupportedLossBalancing: Partial<Record<LossBalancingStrategy, string>> = {
  gradnorm: 'it needs the gradient norm of every output at every step; use uncertainty',
  pareto_mtl: 'set loss.weight per output feature to state a preference instead',
};

/** Why `trainer.loss_balancing` cannot train this config, or null: an unsupported strategy, or balancing a single output. */
export function lossBalancingProblem(strategy: LossBalancingStrategy, outputCount: number): string | null {
  const unsupported = unsupportedLossBalancing[strategy];
  if (unsupported) return `'${strategy}' is a Ludwig loss balancing strategy that Overture does not support yet; ${unsupported}`;
  if (strategy !== 'none' && outputCount < 2) {
    return `loss_balancing: ${strategy} balances the losses of several output features, but the config has one; remove loss_balancing or add output features`;
  }
  return null;
}

/** The ECD trainer (Ludwig `ECDTrainerConfig`, §1.8). */
export const ZTrainer = z.strictObject({
  type: doc(z.literal('trainer').default('trainer'), 'Trainer kind; only `trainer` (ECD) exists.'),
  epochs: doc(z.number().int().positive().default(100), 'Number of passes over the training set.', {
    commonly_used: true,
    suggested_values: [10, 50, 100, 200],
  }),
  train_steps: doc(z.number().int().positive().nullable().default(null), 'Total number of training steps; overrides epochs when set.'),
  batch_size: doc(z.union([z.number().int().positive(), z.literal('auto')]).default('auto'), 'Rows per training step, or auto to pick one for this machine.', {
    commonly_used: true,
    suggested_values: ['auto', 32, 64, 128, 256],
  }),
  max_batch_size: doc(z.number().int().positive().default(MAX_POSSIBLE_BATCH_SIZE), 'Upper bound for the automatic batch size.'),
  // Ludwig: 0 or null evaluate with the training batch size.
  eval_batch_size: doc(z.union([z.number().int().min(0), z.literal('auto')]).nullable().default(null), 'Rows per evaluation step; 0 or null uses batch_size, auto a large batch for this machine.'),
  effective_batch_size: doc(z.union([z.number().int().positive(), z.literal('auto')]).default('auto'), 'Rows per weight update: batch_size × gradient_accumulation_steps; when set, fills in whichever of the two is auto.'),
  gradient_accumulation_steps: doc(z.union([z.number().int().min(1, 'must be at least 1 batch per update (1 or auto: no accumulation)'), z.literal('auto')]).default('auto'), 'Batches whose gradients are summed before one weight update (effective batch = batch_size × steps); auto is 1.', {
    suggested_values: ['auto', 1, 2, 4, 8],
  }),
  learning_rate: doc(z.union([z.number().positive(), z.literal('auto')]).default(0.001), 'Learning rate, or auto to find one with a learning rate range test.', {
    commonly_used: true,
    suggested_values: ['auto', 0.0001, 0.001, 0.01],
  }),
  optimizer: doc(ZOptimizer.prefault({ type: 'adam' }), 'Optimizer and its parameters.', { commonly_used: true }),
  regularization_type: doc(z.enum(['l1', 'l2', 'l1_l2']).default('l2'), 'Kind of weight regularization applied with regularization_lambda.'),
  regularization_lambda: doc(z.number().min(0).default(0), 'Strength of the weight regularization (0 disables it).'),
  early_stop: doc(z.number().int().min(-1).default(5), 'Stop after this many evaluations without improvement of the validation metric; -1 disables.', {
    commonly_used: true,
    suggested_values: [-1, 3, 5, 10],
  }),
  validation_field: doc(z.string().nullable().default(null), 'Output feature (or `combined`) whose metric drives early stopping and best-model selection.'),
  validation_metric: doc(z.string().nullable().default(null), 'Metric of validation_field to watch; null uses the output\'s default_validation_metric.'),
  evaluate_training_set: doc(z.boolean().default(false), 'Also compute metrics on the whole training set at each evaluation.'),
  checkpoints_per_epoch: doc(z.number().int().min(0).default(0), 'Evaluations and checkpoints per epoch (0: once per epoch).'),
  steps_per_checkpoint: doc(z.number().int().min(0).default(0), 'Steps between evaluations and checkpoints (0: once per epoch).'),
  eval_steps: doc(z.number().int().positive().nullable().default(null), 'Batches evaluated at each evaluation; null evaluates the whole set.'),
  should_shuffle: doc(z.boolean().default(true), 'Shuffle the training set at every epoch.'),
  increase_batch_size_on_plateau: doc(z.number().int().min(0).default(0), 'How many times to grow the batch size when the metric plateaus.'),
  increase_batch_size_on_plateau_patience: doc(z.number().int().min(0).default(5), 'Evaluations without improvement before growing the batch.'),
  increase_batch_size_on_plateau_rate: doc(z.number().min(1).default(2), 'Factor by which the batch grows.'),
  increase_batch_size_eval_metric: doc(z.string().default('loss'), 'Metric watched for batch size plateaus.'),
  increase_batch_size_eval_split: doc(z.enum(['training', 'validation', 'test']).default('training'), 'Split watched for batch size plateaus.'),
  gradient_clipping: doc(ZGradientClipping.nullable().prefault({}), 'Gradient clipping; null disables it.'),
  learning_rate_scheduler: doc(ZLearningRateScheduler.prefault({}), 'Learning rate warmup, decay and reduction on plateau.'),
  learning_rate_scaling: doc(z.enum(['constant', 'sqrt', 'linear']).default('linear'), 'How the learning rate scales with the number of workers (one worker: no effect).'),
  bucketing_field: doc(z.string().nullable().default(null), 'Feature whose length buckets batches (text/sequence).'),
  use_mixed_precision: doc(z.boolean().default(false), 'Train in mixed precision (accepted for Ludwig compatibility).'),
  skip_all_evaluation: doc(z.boolean().default(false), 'Skip evaluation entirely (no early stopping).'),
  loss_balancing: doc(z.enum(lossBalancingStrategies).default('none'), 'How the losses of several output features combine: none (weighted sum), log_transform (weighted sum of log(1 + loss)), uncertainty (learned per-output log-variances, Kendall et al. 2018), famo (softmax weights moved by the ratio of each loss to its previous value, as Ludwig) or nash_mtl (weights moved toward the normalized inverse losses, as Ludwig).'),
  loss_balancing_alpha: doc(z.number().default(1.5), 'Ludwig\'s gradnorm asymmetry (gradnorm is not supported yet); Ludwig documents it as famo smoothing, which its famo does not read.'),
  loss_balancing_lr: doc(z.number().default(0.01), 'Step of famo\'s log-weights per update: lr · (loss / previous loss − 1).'),
  loss_balancing_preference_vector: doc(z.array(z.number().min(0)).nullable().default(null), 'Ludwig\'s pareto_mtl preference per output (pareto_mtl is not supported yet).'),
  loss_balancing_tchebycheff_weight: doc(z.number().min(0).max(1).default(0.5), 'Ludwig\'s pareto_mtl mixing weight (pareto_mtl is not supported yet).'),
}).superRefine((t, ctx) => {
  // Ludwig's checks: one update must be a whole number of accumulated batches.
  const eff = t.effective_batch_size;
  const steps = t.gradient_accumulation_steps;
  if (eff === 'auto' || steps === 'auto') return;
  if (eff < steps || eff % steps !== 0) {
    ctx.addIssue({ code: 'custom', path: ['effective_batch_size'], message: `effective_batch_size (${eff}) must be a multiple of gradient_accumulation_steps (${steps})` });
  } else if (typeof t.batch_size === 'number' && t.batch_size * steps !== eff) {
    ctx.addIssue({ code: 'custom', path: ['effective_batch_size'], message: `effective_batch_size (${eff}) must equal batch_size × gradient_accumulation_steps (${t.batch_size} × ${steps}); set one of the three to auto` });
  }
});

type TrainerOutput = z.output<typeof ZTrainer>;
/** The resolved trainer: validation_field and validation_metric are always filled in. */
export type TrainerConfig = Omit<TrainerOutput, 'validation_field' | 'validation_metric'> & {
  validation_field: string;
  validation_metric: string;
};
