import { describe, expect, it } from 'vitest';
import type { GradientClippingConfig } from '@overture/config';
import { maxAbsDifference } from '../test-support/training-step.js';
import { clampedGradient, gradientClipping } from './gradient-clipping.js';

const config = (c: Partial<GradientClippingConfig>): GradientClippingConfig => ({ clipglobalnorm: null, clipnorm: null, clipvalue: null, ...c });

/** g1 has norm 5, g2 norm 3: together √34. */
function clip(c: GradientClippingConfig | null): number[][] {
  const grads = [new Float32Array([3, -4]), new Float32Array([1, 2, -2, 0])];
  const { clipValue, scales } = gradientClipping(grads, c);
  return grads.map((g, i) => Array.from(clampedGradient(g, clipValue, { buffer: new Float32Array(0) }), (v) => v * scales[i]));
}

describe('gradient clipping', () => {
  it('returns the gradients unchanged without a config', () => {
    expect(clip(null)).toEqual([[3, -4], [1, 2, -2, 0]]);
  });

  it('clips each element to ±clipvalue', () => {
    expect(clip(config({ clipvalue: 2.5 }))).toEqual([[2.5, -2.5], [1, 2, -2, 0]]);
  });

  it('scales each gradient whose norm exceeds clipnorm to that norm, separately', () => {
    const [g1, g2] = clip(config({ clipnorm: 4 }));
    expect(maxAbsDifference(g1, [3, -4].map((v) => (v * 4) / (5 + 1e-6)))).toBeLessThan(1e-6);
    expect(g2).toEqual([1, 2, -2, 0]);
  });

  it('scales all gradients by one factor when their global norm exceeds clipglobalnorm', () => {
    const scale = 1 / (Math.sqrt(34) + 1e-6);
    const [g1, g2] = clip(config({ clipglobalnorm: 1 }));
    expect(maxAbsDifference(g1, [3 * scale, -4 * scale])).toBeLessThan(1e-6);
    expect(maxAbsDifference(g2, [1, 2, -2, 0].map((v) => v * scale))).toBeLessThan(1e-6);
  });

  it('leaves gradients within the global norm untouched, and copies a gradient only to clip it by value', () => {
    const g = new Float32Array([3, -4]);
    const { clipValue, scales } = gradientClipping([g], config({ clipglobalnorm: 10 }));
    expect(scales).toEqual([1]);
    expect(clampedGradient(g, clipValue, { buffer: new Float32Array(0) })).toBe(g);
    expect(clampedGradient(g, 1, { buffer: new Float32Array(0) })).not.toBe(g);
  });

  it('applies value, then per-tensor norm, then global norm', () => {
    // clipvalue 2 → [2, −2] (norm √8) and [1, 2, −2, 0] (norm 3); clipnorm 2 → [√2, −√2] and ×2/3;
    // both now have norm 2, global norm √8, clipglobalnorm 1 → × 1/√8.
    const [g1, g2] = clip(config({ clipvalue: 2, clipnorm: 2, clipglobalnorm: 1 }));
    const global = 1 / Math.sqrt(8);
    expect(maxAbsDifference(g1, [Math.SQRT2 * global, -Math.SQRT2 * global])).toBeLessThan(1e-5);
    expect(maxAbsDifference(g2, [1, 2, -2, 0].map((v) => ((v * 2) / 3) * global))).toBeLessThan(1e-5);
  });
});
