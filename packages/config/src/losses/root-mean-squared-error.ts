import { z } from 'zod';
import { doc } from '../common.js';
import { lossWeightField } from './weight.js';

/** Square root of the mean squared error. */
export const ZRootMeanSquaredErrorLoss = z.strictObject({
  type: doc(z.literal('root_mean_squared_error'), 'Square root of the mean squared error.'),
  weight: lossWeightField(),
});
export type RootMeanSquaredErrorLossConfig = z.infer<typeof ZRootMeanSquaredErrorLoss>;
