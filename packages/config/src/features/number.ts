import { z } from 'zod';
import { doc } from '../common.js';
import { ZNumberEncoder } from '../encoders/index.js';
import { ZRegressorDecoder } from '../decoders/index.js';
import { ZNumberLoss } from '../losses/index.js';
import { metricsByOutputType } from '../metrics.js';
import { inputFeatureBase, missingValueStrategies, missingValueStrategyField, outputFeatureBase } from './base.js';

const numberMissingValueStrategies = [...missingValueStrategies, 'fill_with_mean'] as const;
export const normalizations = ['zscore', 'minmax', 'log1p', 'iq'] as const;

export function numberPreprocessingShape(role: 'input' | 'output') {
  return {
    missing_value_strategy: missingValueStrategyField(numberMissingValueStrategies, role === 'input' ? 'fill_with_const' : 'drop_row'),
    fill_value: doc(z.number().default(0), 'Value used by fill_with_const.'),
    normalization: doc(
      z.enum(normalizations).nullable().default(role === 'input' ? 'zscore' : null),
      'Scaling of the values: zscore (mean 0, std 1), minmax (to [0, 1]), log1p, iq (median and interquartile range) or null.',
      { commonly_used: true, suggested_values: [...normalizations, null] },
    ),
    outlier_strategy: doc(
      z.enum(numberMissingValueStrategies).nullable().default(null),
      'How to replace values more than outlier_threshold standard deviations from the mean; null keeps them.',
    ),
    outlier_threshold: doc(z.number().positive().default(3), 'Distance from the mean, in standard deviations, beyond which a value is an outlier.'),
  };
}

export const ZNumberPreprocessing = z.strictObject(numberPreprocessingShape('input'));
export type NumberPreprocessing = z.output<typeof ZNumberPreprocessing>;

export const ZNumberInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('number'),
  encoder: ZNumberEncoder.prefault({ type: 'passthrough' }),
  preprocessing: ZNumberPreprocessing.prefault({}),
});

export const ZNumberOutputFeature = z.strictObject({
  ...outputFeatureBase,
  type: z.literal('number'),
  decoder: ZRegressorDecoder.prefault({ type: 'regressor' }),
  loss: ZNumberLoss.prefault({ type: 'mean_squared_error' }),
  preprocessing: z.strictObject(numberPreprocessingShape('output')).prefault({}),
  default_validation_metric: doc(
    z.enum(metricsByOutputType.number).default('mean_squared_error'),
    'Metric watched when this output drives early stopping.',
  ),
  clip: doc(z.tuple([z.number(), z.number()]).nullable().default(null), 'Clip predictions to [min, max].'),
});
