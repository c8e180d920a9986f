import { z } from 'zod';
import { doc } from '../common.js';

/**
 * Muon (Jordan et al. 2024) as Ludwig implements it: SGD momentum whose update of each matrix is
 * orthogonalised by five Newton–Schulz iterations and scaled by √max(rows, cols); vectors (biases,
 * norms) take the momentum update as is. Its learning rates are much larger than Adam's (0.02).
 */
export const ZMuonOptimizer = z.strictObject({
  type: doc(z.literal('muon'), 'Muon: momentum with orthogonalised matrix updates (Newton–Schulz).'),
  momentum: doc(z.number().min(0).max(1).default(0.95), 'Momentum factor applied before orthogonalisation.'),
  nesterov: doc(z.boolean().default(true), 'Use Nesterov momentum (the original Muon does).'),
});
export type MuonOptimizerConfig = z.infer<typeof ZMuonOptimizer>;
