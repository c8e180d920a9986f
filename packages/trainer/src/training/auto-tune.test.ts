import { describe, expect, it } from 'vitest';
import { autoBatchSize, pickLearningRate } from './auto-tune.js';

describe('autoBatchSize', () => {
  it('picks the power of two nearest below a twentieth of the rows, between 16 and 128', () => {
    expect([100, 1_000, 10_000, 1_000_000].map((rows) => autoBatchSize(rows, Number.MAX_SAFE_INTEGER))).toEqual([16, 32, 128, 128]);
  });

  it('never exceeds max_batch_size or the number of rows', () => {
    expect(autoBatchSize(10_000, 20)).toBe(20);
    expect(autoBatchSize(1_000_000, 64)).toBe(64);
    expect(autoBatchSize(10, 1024)).toBe(10);
  });
});

describe('pickLearningRate', () => {
  // The LR range test's rates: 1e-5 to 1 over 60 steps.
  const rates = Array.from({ length: 60 }, (_, i) => 1e-5 * 1e5 ** (i / 59));

  it('picks the rate just after a sharp drop in the loss (the steepest smoothed descent)', () => {
    // Flat 1, then 0.5 from step 31: the smoothed curve falls fastest around step 31.
    const losses = rates.map((_, i) => (i <= 30 ? 1 : 0.5));
    expect(pickLearningRate(rates, losses)).toBe(rates[31]);
  });

  it('ignores everything after the loss diverges', () => {
    // A drop at step 21, divergence from step 40, and a later, steeper "drop" that must not count.
    const losses = rates.map((_, i) => (i <= 20 ? 1 : i < 40 ? 0.8 : i < 50 ? 100 : 0.001));
    expect(pickLearningRate(rates, losses)).toBe(rates[21]);
    const withNaN = rates.map((_, i) => (i <= 20 ? 1 : i < 40 ? 0.8 : i < 45 ? Number.NaN : 0.001));
    expect(pickLearningRate(rates, withNaN)).toBe(rates[21]);
  });

  it('falls back to 0.001 when the loss never decreases', () => {
    expect(pickLearningRate(rates, rates.map((_, i) => 1 + i * 0.01))).toBe(0.001);
  });

  it('caps the pick at 0.1', () => {
    const losses = rates.map((_, i) => (i <= 55 ? 1 : 0.5));
    expect(rates[56]).toBeGreaterThan(0.1);
    expect(pickLearningRate(rates, losses)).toBe(0.1);
  });
});
