import { z } from 'zod';
import { doc } from '../common.js';
import { ZExecutor } from './executor.js';
import { ZParameter } from './parameters.js';
import { ZSearchAlg } from './search-alg.js';

export * from './executor.js';
export * from './parameters.js';
export * from './search-alg.js';
export * from './paths.js';
export * from './check.js';

const ZSplitName = z.enum(['train', 'validation', 'test']);

/** Ludwig's `hyperopt` section (`ludwig/schema/hyperopt/__init__.py`). */
export const ZHyperopt = z.strictObject({
  goal: doc(z.enum(['minimize', 'maximize']).default('minimize'), 'Whether the metric should be minimized or maximized.'),
  output_feature: doc(z.string().default('combined'), 'Output feature whose metric is optimized, or `combined`.'),
  metric: doc(z.string().default('loss'), 'Metric to optimize (a metric of the output feature).'),
  split: doc(ZSplitName.default('validation'), 'Split on which the metric is measured.'),
  eval_split: doc(ZSplitName.default('validation'), 'Split evaluated for each trial\'s eval_stats.'),
  parameters: doc(
    z.record(z.string(), ZParameter).default({}),
    'Search space: dotted parameter paths (`trainer.learning_rate`, `<feature>.encoder.type`, `combiner`) to {space, …}.',
  ),
  search_alg: doc(ZSearchAlg.prefault({ type: 'variant_generator' }), 'How parameter sets are proposed: random (variant_generator) or TPE (hyperopt, optuna).'),
  executor: doc(ZExecutor.prefault({}), 'How many trials run, how many at once, for how long, and which are stopped early.'),
});
export type HyperoptConfig = z.output<typeof ZHyperopt>;
export type HyperoptInput = z.input<typeof ZHyperopt>;

/** Ludwig's split names in a hyperopt section, as the trainer names them. */
export const trainerSplitName = { train: 'training', validation: 'validation', test: 'test' } as const;
