import { z } from 'zod';
import { doc } from '../common.js';
import { ZCategoryEncoder } from '../encoders/index.js';
import { ZCategoryDecoder } from '../decoders/index.js';
import { ZCategoryLoss } from '../losses/index.js';
import { metricsByOutputType } from '../metrics.js';
import { calibrationField, inputFeatureBase, missingValueStrategies, missingValueStrategyField, outputFeatureBase } from './base.js';

export const lowercaseField = () => doc(z.boolean().default(false), 'Lowercase the values before building the vocabulary.');
export const mostCommonField = () =>
  doc(z.number().int().positive().default(10000), 'Maximum vocabulary size; rarer values become <UNK>.', {
    suggested_values: [100, 1000, 10000],
  });
export const unknownFillValueField = () => doc(z.string().default('<UNK>'), 'Value used by fill_with_const.');

export function categoryPreprocessingShape(role: 'input' | 'output') {
  return {
    missing_value_strategy: missingValueStrategyField(missingValueStrategies, role === 'input' ? 'fill_with_const' : 'drop_row'),
    fill_value: unknownFillValueField(),
    lowercase: lowercaseField(),
    most_common: mostCommonField(),
    cache_encoder_embeddings: doc(z.boolean().default(false), 'Accepted for Ludwig compatibility; no effect yet.'),
  };
}

export const ZCategoryPreprocessing = z.strictObject(categoryPreprocessingShape('input'));
export type CategoryPreprocessing = z.output<typeof ZCategoryPreprocessing>;

export const ZCategoryInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('category'),
  encoder: ZCategoryEncoder.prefault({ type: 'dense' }),
  preprocessing: ZCategoryPreprocessing.prefault({}),
});

export const ZCategoryOutputFeature = z.strictObject({
  ...outputFeatureBase,
  type: z.literal('category'),
  decoder: ZCategoryDecoder.prefault({ type: 'classifier' }),
  loss: ZCategoryLoss.prefault({ type: 'softmax_cross_entropy' }),
  preprocessing: z.strictObject(categoryPreprocessingShape('output')).prefault({}),
  default_validation_metric: doc(z.enum(metricsByOutputType.category).default('accuracy'), 'Metric watched when this output drives early stopping.'),
  top_k: doc(z.number().int().positive().default(3), 'k of the hits_at_k metric and of the top-k predictions.'),
  calibration: calibrationField(),
});
