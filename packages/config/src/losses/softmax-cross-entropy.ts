import { z } from 'zod';
import { doc } from '../common.js';
import { classWeightsField, confidencePenaltyField, lossWeightField, robustLambdaField } from './weight.js';

export const ZSoftmaxCrossEntropyLoss = z.strictObject({
  type: doc(z.literal('softmax_cross_entropy'), 'Cross entropy of the softmax over the classes.'),
  weight: lossWeightField(),
  class_weights: classWeightsField(),
  robust_lambda: robustLambdaField(),
  confidence_penalty: confidencePenaltyField(),
  class_similarities: doc(
    z.array(z.array(z.number())).nullable().default(null),
    'c x c matrix of class similarities, used when class_similarities_temperature > 0.',
  ),
  class_similarities_temperature: doc(
    z.number().min(0).default(0),
    'Temperature of the softmax over each row of class_similarities; its output replaces the one-hot target.',
  ),
  // Not in Ludwig's schema: an Overture addition (standard label smoothing, Szegedy et al. 2016).
  label_smoothing: doc(
    z.number().min(0).max(1).default(0),
    'Label smoothing: the target becomes (1 - label_smoothing) * one_hot + label_smoothing / c. Overture extension, not in Ludwig.',
    { suggested_values: [0, 0.05, 0.1] },
  ),
});
export type SoftmaxCrossEntropyLossConfig = z.infer<typeof ZSoftmaxCrossEntropyLoss>;
