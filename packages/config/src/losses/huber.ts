import { z } from 'zod';
import { doc } from '../common.js';
import { lossWeightField } from './weight.js';

/** Quadratic near zero, linear beyond `delta`: less sensitive to outliers than MSE (Huber 1964). */
export const ZHuberLoss = z.strictObject({
  type: doc(z.literal('huber'), 'Huber loss: squared error below delta, absolute error above.'),
  weight: lossWeightField(),
  delta: doc(z.number().positive().default(1), 'Threshold between the quadratic and the linear region.'),
});
export type HuberLossConfig = z.infer<typeof ZHuberLoss>;
