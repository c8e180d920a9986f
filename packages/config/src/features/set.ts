import { z } from 'zod';
import { doc } from '../common.js';
import { ZSetEncoder } from '../encoders/index.js';
import { ZClassifierDecoder } from '../decoders/index.js';
import { ZSetLoss } from '../losses/index.js';
import { metricsByOutputType } from '../metrics.js';
import { inputFeatureBase, missingValueStrategies, missingValueStrategyField, outputFeatureBase } from './base.js';
import { lowercaseField, mostCommonField, unknownFillValueField } from './category.js';

export const tokenizerField = () =>
  doc(z.string().default('space'), 'How a cell is split into elements: space, space_punct, comma, underscore, characters, …', {
    suggested_values: ['space', 'space_punct', 'comma', 'underscore', 'characters'],
  });

export function setPreprocessingShape(role: 'input' | 'output') {
  return {
    tokenizer: tokenizerField(),
    missing_value_strategy: missingValueStrategyField(missingValueStrategies, role === 'input' ? 'fill_with_const' : 'drop_row'),
    fill_value: unknownFillValueField(),
    lowercase: lowercaseField(),
    most_common: mostCommonField(),
  };
}

export const ZSetPreprocessing = z.strictObject(setPreprocessingShape('input'));
export type SetPreprocessing = z.output<typeof ZSetPreprocessing>;

export const ZSetInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('set'),
  encoder: ZSetEncoder.prefault({ type: 'embed' }),
  preprocessing: ZSetPreprocessing.prefault({}),
});

export const ZSetOutputFeature = z.strictObject({
  ...outputFeatureBase,
  type: z.literal('set'),
  decoder: ZClassifierDecoder.prefault({ type: 'classifier' }),
  loss: ZSetLoss.prefault({ type: 'sigmoid_cross_entropy' }),
  preprocessing: z.strictObject(setPreprocessingShape('output')).prefault({}),
  default_validation_metric: doc(z.enum(metricsByOutputType.set).default('jaccard'), 'Metric watched when this output drives early stopping.'),
  threshold: doc(z.number().min(0).max(1).default(0.5), 'Probability above which an element is predicted present.', {
    commonly_used: true,
  }),
});
