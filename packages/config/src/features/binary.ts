import { z } from 'zod';
import { doc } from '../common.js';
import { ZBinaryEncoder } from '../encoders/index.js';
import { ZBinaryDecoder } from '../decoders/index.js';
import { ZBinaryLoss } from '../losses/index.js';
import { metricsByOutputType } from '../metrics.js';
import { calibrationField, inputFeatureBase, missingValueStrategies, missingValueStrategyField, outputFeatureBase } from './base.js';

const binaryMissingValueStrategies = [...missingValueStrategies, 'fill_with_false', 'fill_with_true'] as const;

export function binaryPreprocessingShape(role: 'input' | 'output') {
  return {
    missing_value_strategy: missingValueStrategyField(binaryMissingValueStrategies, role === 'input' ? 'fill_with_false' : 'drop_row'),
    fill_value: doc(
      z.union([z.string(), z.number().min(0).max(1), z.boolean()]).nullable().default(null),
      'Value used by fill_with_const: a boolean string (true/false, yes/no, 1/0, …) or a number in [0, 1].',
    ),
    fallback_true_label: doc(
      z.string().nullable().default(null),
      'Which of the two values means true when they are not conventional booleans.',
    ),
  };
}

export const ZBinaryPreprocessing = z.strictObject(binaryPreprocessingShape('input'));
export type BinaryPreprocessing = z.output<typeof ZBinaryPreprocessing>;

export const ZBinaryInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('binary'),
  encoder: ZBinaryEncoder.prefault({ type: 'passthrough' }),
  preprocessing: ZBinaryPreprocessing.prefault({}),
});

export const ZBinaryOutputFeature = z.strictObject({
  ...outputFeatureBase,
  type: z.literal('binary'),
  decoder: ZBinaryDecoder.prefault({ type: 'regressor' }),
  loss: ZBinaryLoss.prefault({ type: 'binary_weighted_cross_entropy' }),
  preprocessing: z.strictObject(binaryPreprocessingShape('output')).prefault({}),
  default_validation_metric: doc(z.enum(metricsByOutputType.binary).default('roc_auc'), 'Metric watched when this output drives early stopping.'),
  threshold: doc(z.number().min(0).max(1).default(0.5), 'Probability above which the prediction is true.', {
    commonly_used: true,
    suggested_values: [0.3, 0.5, 0.7],
  }),
  calibration: calibrationField(),
});
