import { z } from 'zod';
import { doc } from '../common.js';
import { lossWeightField } from './weight.js';

/**
 * Ludwig's anomaly losses (schema/features/loss/loss.py): each reads the anomaly score
 * d = ||z - c||² of a row and its label (0 normal, 1 anomaly, -1 unlabeled).
 */
export const ZDeepSvddLoss = z.strictObject({
  type: doc(z.literal('deep_svdd'), 'Deep SVDD loss: pulls encoder outputs toward the hypersphere centre c (Ruff et al., ICML 2018).'),
  // Ludwig's schema says min 0 exclusive, while its docs and loss treat nu = 0 as the hard
  // boundary (mean of d); 0 is accepted here and trains that hard boundary.
  nu: doc(
    z.number().min(0).max(1).default(0.1),
    'Fraction of training rows allowed outside the hypersphere (soft boundary: R + mean(max(0, d - R)) / nu, R the (1 - nu) quantile of d). 0 is the hard boundary, mean(d).',
  ),
  weight: lossWeightField(),
});
export type DeepSvddLossConfig = z.infer<typeof ZDeepSvddLoss>;

export const ZDeepSadLoss = z.strictObject({
  type: doc(z.literal('deep_sad'), 'Deep SAD loss: semi-supervised, labeled anomalies pushed away from c (Ruff et al., ICLR 2020).'),
  eta: doc(z.number().min(0).default(1), 'Weight of the labeled-anomaly term eta / (d + 1e-6); normal and unlabeled rows add d.'),
  weight: lossWeightField(),
});
export type DeepSadLossConfig = z.infer<typeof ZDeepSadLoss>;

export const ZDroccLoss = z.strictObject({
  type: doc(z.literal('drocc'), 'DROCC loss: mean(d) plus a hinge against randomly perturbed scores, against collapse (Goyal et al., ICML 2020).'),
  perturbation_strength: doc(
    z.number().min(0).default(0.1),
    'Scale of the perturbation (times the batch std of d) and weight of the hinge term. Typical range 0.01-0.5.',
  ),
  // Ludwig's schema has it and its DROCCLoss never reads it (the perturbation is one noise draw).
  num_perturbation_steps: doc(
    z.number().int().positive().default(5),
    'Gradient ascent steps of the perturbation. Accepted as in Ludwig, whose DROCC loss does not use it (one noise draw per step); neither does Overture.',
  ),
  weight: lossWeightField(),
});
export type DroccLossConfig = z.infer<typeof ZDroccLoss>;
