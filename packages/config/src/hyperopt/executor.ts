import { z } from 'zod';
import { doc } from '../common.js';

/** Ludwig's executor and schedulers (`ludwig/schema/hyperopt/executor.py`, `scheduler.py`). */

const base = {
  time_attr: doc(
    z.enum(['training_iteration', 'time_total_s']).default('training_iteration'),
    'What measures a trial\'s progress: evaluations reported (epochs) or seconds trained.',
  ),
  metric: doc(z.literal('metric_score').nullable().default(null), 'The reported value the scheduler compares: the hyperopt metric.'),
  mode: doc(z.enum(['min', 'max']).nullable().default(null), 'Set from hyperopt.goal when null.'),
};

export const ZFifoScheduler = z.strictObject({ type: z.literal('fifo'), ...base });

/** ASHA (Li et al. 2018, "A System for Massively Parallel Hyperparameter Tuning"); Ludwig's aliases `asha`, `asynchyperband` are upgraded on read. */
export const ZAsyncHyperbandScheduler = z.strictObject({
  type: z.literal('async_hyperband'),
  ...base,
  max_t: doc(z.number().int().positive().default(100), 'A trial stops after max_t time units.'),
  grace_period: doc(z.number().int().positive().default(1), 'Time units before a trial can be stopped (the first rung).'),
  reduction_factor: doc(z.number().gt(1, 'must be greater than 1').default(4), 'Each rung keeps the top 1/reduction_factor.'),
  brackets: doc(z.number().int().positive().default(1), 'Number of brackets, each with its own first rung.'),
  stop_last_trials: doc(z.boolean().default(true), 'Stop trials when they reach max_t.'),
});

/**
 * Synchronous HyperBand (Li et al. 2017), as Ray Tune's HyperBandScheduler: trials are paused at
 * each rung of their bracket (their checkpoints kept) until the bracket's trials all get there,
 * then the best 1/reduction_factor resume.
 */
export const ZHyperbandScheduler = z.strictObject({
  type: z.literal('hyperband'),
  ...base,
  max_t: doc(z.number().int().positive().default(81), 'Time units of the trials that run longest; also the last rung.'),
  reduction_factor: doc(z.number().gt(1, 'must be greater than 1').default(3), 'Each rung keeps the top 1/reduction_factor of its bracket.'),
  stop_last_trials: doc(z.boolean().default(true), 'Stop trials when they reach max_t.'),
});

/** Ray Tune's MedianStoppingRule (Golovin et al. 2017, "Google Vizier"); alias `medianstoppingrule` upgraded on read. */
export const ZMedianStoppingRuleScheduler = z.strictObject({
  type: z.literal('median_stopping_rule'),
  ...base,
  grace_period: doc(z.number().nonnegative().default(60), 'Time units before a trial can be stopped.'),
  min_samples_required: doc(z.number().int().positive().default(3), 'Other trials that must have reached the same time before comparing.'),
  min_time_slice: doc(z.number().int().nonnegative().default(0), 'A trial runs at least this many time units (Ray: before it can be paused).'),
  hard_stop: doc(
    z.boolean().default(true).refine((v) => v, 'hard_stop: false (pausing trials to resume them later) is a Ludwig scheduler option that Overture does not support yet'),
    'Stop a trial below the median (pausing instead is not supported).',
  ),
});

export const ZScheduler = z.discriminatedUnion('type', [ZFifoScheduler, ZAsyncHyperbandScheduler, ZHyperbandScheduler, ZMedianStoppingRuleScheduler]);
export type SchedulerConfig = z.output<typeof ZScheduler>;

export const ZExecutor = z.strictObject({
  type: doc(z.literal('ray').default('ray'), 'Ludwig runs every search with Ray Tune; Overture runs trials on its own processes or workers.'),
  num_samples: doc(z.number().int().positive().default(1), 'Trials to run (each grid_search value multiplies them).'),
  time_budget_s: doc(z.number().positive().nullable().default(3600), 'Seconds for the whole search; running trials are stopped when it ends.'),
  cpu_resources_per_trial: doc(z.number().int().positive().default(1), 'CPU cores a trial uses; the CLI runs cores / this many trials at once by default.'),
  gpu_resources_per_trial: doc(
    z.number().refine((v) => v === 0, 'GPUs per trial are a Ludwig executor setting that Overture does not support yet; trials run on CPU (set 0)').default(0),
    'GPUs per trial (trials run on CPU).',
  ),
  max_concurrent_trials: doc(z.union([z.literal('auto'), z.number().int().positive()]).default('auto'), 'Trials run at once at most.'),
  trial_driver_resources: doc(z.record(z.string(), z.number()).nullable().default(null), 'Ray resources of the trial driver; accepted and ignored.'),
  kubernetes_namespace: doc(z.string().nullable().default(null), 'Ray on Kubernetes; accepted and ignored.'),
  scheduler: doc(ZScheduler.prefault({ type: 'fifo' }), 'Decides from intermediate results which trials to stop early.'),
});
export type ExecutorConfig = z.output<typeof ZExecutor>;
