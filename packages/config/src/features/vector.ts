import { z } from 'zod';
import { doc } from '../common.js';
import { ZVectorEncoder } from '../encoders/index.js';
import { ZProjectorDecoder } from '../decoders/index.js';
import { ZVectorLoss } from '../losses/index.js';
import { metricsByOutputType } from '../metrics.js';
import { inputFeatureBase, missingValueStrategies, missingValueStrategyField, outputFeatureBase } from './base.js';

export function vectorPreprocessingShape(role: 'input' | 'output') {
  return {
    vector_size: doc(z.number().int().positive().nullable().default(null), 'Length of the vectors; null infers it from the data.'),
    missing_value_strategy: missingValueStrategyField(missingValueStrategies, role === 'input' ? 'fill_with_const' : 'drop_row'),
    fill_value: doc(z.string().default(''), 'Value used by fill_with_const: whitespace-separated numbers.'),
  };
}

export const ZVectorPreprocessing = z.strictObject(vectorPreprocessingShape('input'));
export type VectorPreprocessing = z.output<typeof ZVectorPreprocessing>;

export const ZVectorInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('vector'),
  encoder: ZVectorEncoder.prefault({ type: 'dense' }),
  preprocessing: ZVectorPreprocessing.prefault({}),
});

export const ZVectorOutputFeature = z.strictObject({
  ...outputFeatureBase,
  type: z.literal('vector'),
  decoder: ZProjectorDecoder.prefault({ type: 'projector' }),
  loss: ZVectorLoss.prefault({ type: 'mean_squared_error' }),
  preprocessing: z.strictObject(vectorPreprocessingShape('output')).prefault({}),
  default_validation_metric: doc(
    z.enum(metricsByOutputType.vector).default('mean_squared_error'),
    'Metric watched when this output drives early stopping.',
  ),
  vector_size: doc(z.number().int().positive().nullable().default(null), 'Length of the predicted vectors; null infers it.'),
  softmax: doc(z.boolean().default(false), 'Apply a softmax to the output (the vector is a distribution).'),
});
