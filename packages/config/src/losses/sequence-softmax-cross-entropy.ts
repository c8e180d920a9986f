import { z } from 'zod';
import { doc } from '../common.js';
import { classWeightsField, confidencePenaltyField, lossWeightField, robustLambdaField } from './weight.js';

/**
 * Ludwig's `sequence_softmax_cross_entropy` (`SequenceSoftmaxCrossEntropyLossConfig`), the loss of
 * text and sequence outputs: the softmax cross entropy of every step against the true token,
 * padding steps ignored. Ludwig declares class similarities and `unique` but its loss reads
 * neither; they are refused here until they do something.
 */
export const ZSequenceSoftmaxCrossEntropyLoss = z.strictObject({
  type: doc(z.literal('sequence_softmax_cross_entropy'), 'Cross entropy of the softmax over the vocabulary at every step, padding steps left out.'),
  weight: lossWeightField(),
  class_weights: classWeightsField(),
  robust_lambda: robustLambdaField(),
  confidence_penalty: confidencePenaltyField(),
  class_similarities: doc(
    z.array(z.array(z.number())).nullable().default(null).refine((v) => v === null, {
      message: 'class_similarities of a sequence loss is a Ludwig option that Overture does not support yet (Ludwig\'s sequence loss ignores it too); remove it',
    }),
    'Not supported for sequences (Ludwig ignores it): leave null.',
  ),
  class_similarities_temperature: doc(z.number().min(0).default(0), 'Accepted for Ludwig compatibility; no effect without class_similarities.'),
  unique: doc(
    z.boolean().default(false).refine((v) => !v, {
      message: 'unique: true (a loss over the distinct tokens only) is a Ludwig option that Overture does not support yet (Ludwig\'s sequence loss ignores it too); remove it',
    }),
    'Not supported (Ludwig declares it and ignores it): leave false.',
  ),
});
export type SequenceSoftmaxCrossEntropyLossConfig = z.infer<typeof ZSequenceSoftmaxCrossEntropyLoss>;
