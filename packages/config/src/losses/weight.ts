import { z } from 'zod';
import { doc } from '../common.js';

/** Every loss has a weight in the combined (multi-output) loss. */
export const lossWeightField = () =>
  doc(z.number().min(0).default(1), 'Weight of this loss in the combined loss of all outputs.', {
    commonly_used: true,
  });

export const robustLambdaField = () =>
  doc(
    z.number().min(0).max(1).default(0),
    'Replaces the loss with (1 - robust_lambda) * loss + robust_lambda / c, c the number of classes. Useful with noisy labels.',
  );
export const confidencePenaltyField = () =>
  doc(
    z.number().min(0).default(0),
    'Penalizes overconfident (low-entropy) predictions by adding a * (max_entropy - entropy) / max_entropy to the loss.',
  );
export const classWeightsField = () =>
  doc(
    z.union([z.array(z.number().min(0)), z.record(z.string(), z.number().min(0))]).nullable().default(null),
    'Weight of each class in the loss: a list in vocabulary order (including <UNK>) or a map {label: weight}. An alternative to oversampling.',
  );
