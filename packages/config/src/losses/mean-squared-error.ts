import { z } from 'zod';
import { doc } from '../common.js';
import { lossWeightField } from './weight.js';

/** Mean of squared differences between prediction and target. */
export const ZMeanSquaredErrorLoss = z.strictObject({
  type: doc(z.literal('mean_squared_error'), 'Mean of squared differences between prediction and target.'),
  weight: lossWeightField(),
});
export type MeanSquaredErrorLossConfig = z.infer<typeof ZMeanSquaredErrorLoss>;
