import { z } from 'zod';
import { doc } from '../common.js';

export const betasField = () =>
  doc(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).default([0.9, 0.999]), 'Coefficients of the running averages of the gradient and its square.');
export const epsField = (def: number) => doc(z.number().min(0).default(def), 'Term added to the denominator for numerical stability.');
export const weightDecayField = (def = 0) =>
  doc(z.number().min(0).default(def), 'Weight decay (L2 penalty).', { suggested_values: [0, 1e-4, 1e-2] });
export const momentumField = () => doc(z.number().min(0).default(0), 'Momentum factor.', { suggested_values: [0, 0.9] });

/** betas, eps and weight_decay with torch's defaults: Adam and its relatives (adamax, nadam, radam). */
export const adamFamilyFields = () => ({ betas: betasField(), eps: epsField(1e-8), weight_decay: weightDecayField() });
