import type * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type EntropicOpenSetLossConfig, type ObjectosphereLossConfig } from '@overture/config';
import { readValues } from '../backend/tensor-memory.js';
import type { LossContext, LossFactory } from './loss.js';
import { lossWithGradient } from './fused-gradient.js';

/** Ludwig's ε inside log(p + ε) of the negative entropy (`loss_modules.EPSILON`). */
const EPSILON = 1e-10;

interface OpenSetTerms {
  background: number | null;
  /** Objectosphere's margin terms; null for the entropic loss. */
  margin: { xi: number; zeta: number } | null;
}

function checkedBackground(background: number | null, { labels }: LossContext): number | null {
  if (background === null || background < labels.length) return background;
  throw new OvertureError('invalid_config', `loss.background_class ${background} is not a class index: the output has ${labels.length} classes (0 ${labels[0] ?? ''} … ${labels.length - 1} ${labels[labels.length - 1] ?? ''})`);
}

/**
 * The open-set losses of Dhamija et al. (2018) as Ludwig computes them, with their gradient in the
 * same loops: over the known rows (target ≠ background) the mean cross entropy (plus, for
 * objectosphere, the mean of max(0, ξ − ‖z‖)²); over the background rows the mean of
 * Σ p·log(p + ε) (plus ζ times the mean ‖z‖²). Each mean is over its own rows, as Ludwig's
 * masked means; a batch without rows of one kind has no term for it.
 */
function openSetLoss(logits: tf.Tensor2D, target: tf.Tensor2D, { background, margin }: OpenSetTerms): tf.Scalar {
  const [rows, k] = logits.shape;
  const y = readValues(target);
  let known = 0;
  for (let r = 0; r < rows; r++) if (y[r] !== background) known++;
  const unknown = rows - known;
  return lossWithGradient(logits, (z, gradient) => {
    const p = new Float64Array(k);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const base = r * k;
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, z[base + c]);
      let sum = 0;
      let norm2 = 0;
      for (let c = 0; c < k; c++) {
        p[c] = Math.exp(z[base + c] - max);
        sum += p[c];
        norm2 += z[base + c] * z[base + c];
      }
      for (let c = 0; c < k; c++) p[c] /= sum;
      const norm = Math.sqrt(norm2);
      if (y[r] !== background) {
        const label = y[r];
        loss += (max + Math.log(sum) - z[base + label]) / known;
        for (let c = 0; c < k; c++) gradient[base + c] = (p[c] - (c === label ? 1 : 0)) / known;
        if (margin && norm < margin.xi) {
          const gap = margin.xi - norm;
          loss += (gap * gap) / known;
          // d(ξ − ‖z‖)²/dz = −2(ξ − ‖z‖)·z/‖z‖ (0 at z = 0, where PyTorch's norm has gradient 0 too).
          if (norm > 0) for (let c = 0; c < k; c++) gradient[base + c] -= (2 * gap * z[base + c]) / norm / known;
        }
      } else {
        // Σ_c p_c·log(p_c + ε); with f_c = log(p_c + ε) + p_c/(p_c + ε), d/dz_j = p_j·(f_j − Σ_c p_c·f_c).
        let value = 0;
        let mean = 0;
        const f = new Float64Array(k);
        for (let c = 0; c < k; c++) {
          value += p[c] * Math.log(p[c] + EPSILON);
          f[c] = Math.log(p[c] + EPSILON) + p[c] / (p[c] + EPSILON);
          mean += p[c] * f[c];
        }
        loss += value / unknown;
        for (let c = 0; c < k; c++) gradient[base + c] = (p[c] * (f[c] - mean)) / unknown;
        if (margin) {
          loss += (margin.zeta * norm2) / unknown;
          for (let c = 0; c < k; c++) gradient[base + c] += (2 * margin.zeta * z[base + c]) / unknown;
        }
      }
    }
    return loss;
  });
}

export const entropicOpenSet: LossFactory<EntropicOpenSetLossConfig> = (config, context) => {
  const background = checkedBackground(config.background_class, context);
  return (logits, target) => openSetLoss(logits, target, { background, margin: null });
};

export const objectosphere: LossFactory<ObjectosphereLossConfig> = (config, context) => {
  const background = checkedBackground(config.background_class, context);
  return (logits, target) => openSetLoss(logits, target, { background, margin: { xi: config.xi, zeta: config.zeta } });
};
