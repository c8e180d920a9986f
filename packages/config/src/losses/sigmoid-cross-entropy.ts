import { z } from 'zod';
import { doc } from '../common.js';
import { classWeightsField, lossWeightField } from './weight.js';

export const ZSigmoidCrossEntropyLoss = z.strictObject({
  type: doc(z.literal('sigmoid_cross_entropy'), 'Independent sigmoid cross entropy per class (multi-label sets).'),
  weight: lossWeightField(),
  class_weights: classWeightsField(),
});
export type SigmoidCrossEntropyLossConfig = z.infer<typeof ZSigmoidCrossEntropyLoss>;
