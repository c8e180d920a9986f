import { z } from 'zod';
import { doc } from './common.js';

/**
 * Ludwig's `hyperopt` section, accepted loosely until the hyperopt engine lands: the main keys are
 * typed for the editor, everything else is kept as written.
 */
export const ZHyperopt = z.looseObject({
  goal: doc(z.enum(['minimize', 'maximize']).optional(), 'Whether the metric should be minimized or maximized.'),
  output_feature: doc(z.string().optional(), 'Output feature whose metric is optimized, or `combined`.'),
  metric: doc(z.string().optional(), 'Metric to optimize.'),
  split: doc(z.string().optional(), 'Split on which the metric is measured.'),
  parameters: doc(
    z.record(z.string(), z.unknown()).optional(),
    'Search space: dotted parameter paths (`trainer.learning_rate`, `<feature>.encoder.type`) to {space, …}.',
  ),
  search_alg: doc(z.looseObject({ type: z.string().optional() }).optional(), 'Search algorithm.'),
  executor: doc(z.looseObject({ type: z.string().optional() }).optional(), 'How trials are run and scheduled.'),
});
export type HyperoptConfig = z.output<typeof ZHyperopt>;
