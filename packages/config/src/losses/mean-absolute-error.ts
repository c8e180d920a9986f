import { z } from 'zod';
import { doc } from '../common.js';
import { lossWeightField } from './weight.js';

/** Mean of absolute differences between prediction and target. */
export const ZMeanAbsoluteErrorLoss = z.strictObject({
  type: doc(z.literal('mean_absolute_error'), 'Mean of absolute differences between prediction and target.'),
  weight: lossWeightField(),
});
export type MeanAbsoluteErrorLossConfig = z.infer<typeof ZMeanAbsoluteErrorLoss>;
