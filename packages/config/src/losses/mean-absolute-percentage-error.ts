import { z } from 'zod';
import { doc } from '../common.js';
import { lossWeightField } from './weight.js';

/** Mean of absolute differences relative to the target. */
export const ZMeanAbsolutePercentageErrorLoss = z.strictObject({
  type: doc(z.literal('mean_absolute_percentage_error'), 'Mean of absolute differences relative to the target.'),
  weight: lossWeightField(),
});
export type MeanAbsolutePercentageErrorLossConfig = z.infer<typeof ZMeanAbsolutePercentageErrorLoss>;
