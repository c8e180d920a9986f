import { describe, expect, it } from 'vitest';
import { AUTO_LR_BOUNDS, LR_RANGE, autoBatchSize, boundedBatchRows, evalBatchSize, inputValuesPerRow, pickLearningRate, resolveBatching } from './auto-tune.js';

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

describe('resolveBatching', () => {
  const trainer = (o: object) => ({ batch_size: 'auto' as const, max_batch_size: 1 << 30, effective_batch_size: 'auto' as const, gradient_accumulation_steps: 'auto' as const, ...o });

  it('fills in the auto one of batch_size and gradient_accumulation_steps from effective_batch_size, as Ludwig', () => {
    expect(resolveBatching(trainer({ effective_batch_size: 128, gradient_accumulation_steps: 4 }), 10_000)).toEqual({ batchSize: 32, accumulationSteps: 4 });
    expect(resolveBatching(trainer({ effective_batch_size: 128, batch_size: 16 }), 10_000)).toEqual({ batchSize: 16, accumulationSteps: 8 });
  });

  it('bounds the automatic batch by effective_batch_size, and accumulates once when nothing asks for more', () => {
    expect(resolveBatching(trainer({ effective_batch_size: 64 }), 100_000)).toEqual({ batchSize: 64, accumulationSteps: 1 });
    expect(resolveBatching(trainer({}), 100_000)).toEqual({ batchSize: 128, accumulationSteps: 1 });
    expect(resolveBatching(trainer({ batch_size: 8, gradient_accumulation_steps: 4 }), 100)).toEqual({ batchSize: 8, accumulationSteps: 4 });
  });
});

describe('evalBatchSize', () => {
  it('evaluates with the training batch size when eval_batch_size is 0 or null, as Ludwig', () => {
    expect(evalBatchSize(0, 32)).toBe(32);
    expect(evalBatchSize(null, 32)).toBe(32);
  });

  it('keeps an explicit eval_batch_size and gives auto at least 256 rows', () => {
    expect(evalBatchSize(1000, 32)).toBe(1000);
    expect([evalBatchSize('auto', 32), evalBatchSize('auto', 512)]).toEqual([256, 512]);
  });
});

describe('pickLearningRate', () => {
  const rates = Array.from({ length: LR_RANGE.steps }, (_, i) => LR_RANGE.min * (LR_RANGE.max / LR_RANGE.min) ** (i / (LR_RANGE.steps - 1)));
  /** A loss curve falling until step `lowest`, then rising. */
  const valley = (lowest: number) => rates.map((_, i) => 1 + Math.abs(i - lowest) * 0.05);

  it('picks a tenth of the rate at the lowest smoothed loss', () => {
    const picked = pickLearningRate(rates, valley(70));
    // The exponential smoothing lags the raw curve by a few steps.
    expect(picked).toBeGreaterThanOrEqual(rates[68] / 10);
    expect(picked).toBeLessThanOrEqual(rates[76] / 10);
  });

  it('ignores everything after the loss diverges, NaN included', () => {
    const losses = rates.map((_, i) => (i <= 60 ? 1 - i * 0.01 : i < 70 ? 100 : 0.001));
    expect(pickLearningRate(rates, losses)).toBeCloseTo(rates[60] / 10, 12);
    const withNaN = rates.map((_, i) => (i <= 60 ? 1 - i * 0.01 : Number.NaN));
    expect(pickLearningRate(rates, withNaN)).toBeCloseTo(rates[60] / 10, 12);
  });

  it('falls back to 0.001 when the loss never decreases', () => {
    expect(pickLearningRate(rates, rates.map((_, i) => 1 + i * 0.01))).toBe(0.001);
  });

  it('keeps the pick within AUTO_LR_BOUNDS', () => {
    expect(pickLearningRate(rates, valley(99))).toBe(AUTO_LR_BOUNDS.max);
    expect(pickLearningRate(rates, valley(10))).toBe(AUTO_LR_BOUNDS.min);
  });
});

describe('batches of wide rows', () => {
  it('keeps 256 or 1,024 tabular rows and bounds rows of 29,920 audio values to 2^21 input values', () => {
    expect(boundedBatchRows(1024, 12)).toBe(1024);
    expect(boundedBatchRows(256, 374 * 80)).toBe(70);
    expect(boundedBatchRows(16, 10_000_000)).toBe(1);
    expect(inputValuesPerRow({ features: { a: { width: 1 }, clip: { width: 29_920 }, y: { width: 1 } } }, ['a', 'clip'])).toBe(29_921);
  });
});
