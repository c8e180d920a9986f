import type { GradientClippingConfig } from '@overture/config';

/**
 * Ludwig's clipping (by value, then per-tensor norm, then global norm) reduced to what each
 * gradient needs: g' = clamp(g, ±clipValue) · scales[i]. Computing factors rather than clipped
 * copies lets the optimizer read gradients in place, never copying them unless clipping by value.
 */
export interface GradientClipping {
  /** Applied first, by `clampedGradient`. */
  clipValue: number | null;
  /** Multiplies each (clamped) gradient; the optimizer folds it into its update. */
  scales: number[];
}

function clamped(g: number, limit: number | null): number {
  return limit === null ? g : g > limit ? limit : g < -limit ? -limit : g;
}

function sumOfSquares(g: Float32Array, limit: number | null): number {
  let s = 0;
  if (limit === null) {
    for (let i = 0; i < g.length; i++) s += g[i] * g[i];
    return s;
  }
  for (let i = 0; i < g.length; i++) {
    const v = clamped(g[i], limit);
    s += v * v;
  }
  return s;
}

/** `squares(i)`, when given, computes Σg² of gradient i faster (used only when there is no clipValue). */
export function gradientClipping(grads: readonly Float32Array[], config: GradientClippingConfig | null, squares?: (i: number) => number): GradientClipping {
  const clipValue = config?.clipvalue || null;
  const scales = grads.map(() => 1);
  if (!config || (!config.clipnorm && !config.clipglobalnorm)) return { clipValue, scales };
  const sums = grads.map((g, i) => (squares && clipValue === null ? squares(i) : sumOfSquares(g, clipValue)));
  if (config.clipnorm) {
    const max = config.clipnorm;
    sums.forEach((s, i) => (scales[i] = Math.min(1, max / (Math.sqrt(s) + 1e-6))));
  }
  if (config.clipglobalnorm) {
    const total = Math.sqrt(sums.reduce((sum, s, i) => sum + s * scales[i] * scales[i], 0));
    const factor = Math.min(1, config.clipglobalnorm / (total + 1e-6));
    for (let i = 0; i < scales.length; i++) scales[i] *= factor;
  }
  return { clipValue, scales };
}

/** `g` clamped to ±clipValue: `g` itself without a clipValue, else a copy written into `scratch` (grown as needed). */
export function clampedGradient(g: Float32Array, clipValue: number | null, scratch: { buffer: Float32Array }): Float32Array {
  if (clipValue === null) return g;
  if (scratch.buffer.length < g.length) scratch.buffer = new Float32Array(g.length);
  const out = scratch.buffer.subarray(0, g.length);
  for (let i = 0; i < g.length; i++) out[i] = clamped(g[i], clipValue);
  return out;
}
