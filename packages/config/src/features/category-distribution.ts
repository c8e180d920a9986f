import { z } from 'zod';
import { doc } from '../common.js';
import { ZCategoryDecoder } from '../decoders/index.js';
import { ZCategoryDistributionLoss } from '../losses/index.js';
import { metricsByOutputType } from '../metrics.js';
import { missingValueStrategies, missingValueStrategyField, outputFeatureBase } from './base.js';

/**
 * Ludwig's `category_distribution_output` preprocessing: only the missing-value strategy and the
 * class names. The classes cannot be learnt from the data (a cell is numbers, not labels), so
 * Ludwig's `__post_init__` refuses a config without `vocab`; here the schema does.
 */
export function categoryDistributionPreprocessingShape() {
  return {
    missing_value_strategy: missingValueStrategyField(missingValueStrategies, 'drop_row'),
    fill_value: doc(
      z.string().default(''),
      'Value used by fill_with_const: one probability per class, separated by spaces. Not in Ludwig (whose schema has no fill value for this type).',
    ),
    vocab: doc(
      // Two classes at least: a distribution over one class is always [1], nothing to learn.
      z.array(z.string().min(1)).min(2).refine((v) => new Set(v).size === v.length, { message: 'vocab has a repeated class name' }),
      'The class names, in the order of the probabilities in each cell. Required.',
      { commonly_used: true },
    ),
  };
}

export const ZCategoryDistributionPreprocessing = z.strictObject(categoryDistributionPreprocessingShape());
export type CategoryDistributionPreprocessing = z.output<typeof ZCategoryDistributionPreprocessing>;

/**
 * Ludwig's `category_distribution` output: the target is a probability distribution over
 * `preprocessing.vocab` (whitespace-separated floats per cell), the decoder a category head, the
 * loss softmax cross entropy against the soft target. Output-only, as in Ludwig.
 */
export const ZCategoryDistributionOutputFeature = z
  .strictObject({
    ...outputFeatureBase,
    type: z.literal('category_distribution'),
    decoder: ZCategoryDecoder.prefault({ type: 'classifier' }),
    loss: ZCategoryDistributionLoss.prefault({ type: 'softmax_cross_entropy' }),
    // No prefault: vocab has no default, so a missing preprocessing block reports the missing vocab.
    preprocessing: ZCategoryDistributionPreprocessing,
    default_validation_metric: doc(
      z.enum(metricsByOutputType.category_distribution).default('accuracy'),
      'Metric watched when this output drives early stopping.',
    ),
    top_k: doc(z.number().int().positive().default(3), 'k of the hits_at_k metric and of the top-k predictions.'),
    // Ludwig inherits `calibration` from the category output; temperature scaling is fitted on
    // one-hot targets here, so only `false` is accepted until it is fitted on distributions.
    calibration: doc(z.boolean().default(false), 'Temperature scaling; not supported yet for category_distribution.'),
  })
  .superRefine((f, ctx) => {
    if (f.calibration) {
      ctx.addIssue({ code: 'custom', path: ['calibration'], message: 'calibration on a category_distribution output is a Ludwig option that Overture does not support yet; remove it' });
    }
  });
