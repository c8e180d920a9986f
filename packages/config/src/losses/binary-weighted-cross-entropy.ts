import { z } from 'zod';
import { doc } from '../common.js';
import { confidencePenaltyField, lossWeightField, robustLambdaField } from './weight.js';

export const ZBinaryWeightedCrossEntropyLoss = z.strictObject({
  type: doc(z.literal('binary_weighted_cross_entropy'), 'Binary cross entropy with an optional weight on the positive class.'),
  weight: lossWeightField(),
  positive_class_weight: doc(
    z.number().min(0).nullable().default(null),
    'Weight of the positive class (e.g. negatives/positives for imbalanced data); null weighs both classes equally.',
    { commonly_used: true },
  ),
  robust_lambda: robustLambdaField(),
  confidence_penalty: confidencePenaltyField(),
});
export type BinaryWeightedCrossEntropyLossConfig = z.infer<typeof ZBinaryWeightedCrossEntropyLoss>;
