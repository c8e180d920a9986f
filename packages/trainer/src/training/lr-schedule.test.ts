import { describe, expect, it } from 'vitest';
import type { LearningRateSchedulerConfig } from '@overture/config';
import { resolved } from '../test-support/training-step.js';
import { LearningRateSchedule } from './lr-schedule.js';

function scheduler(overrides: Partial<LearningRateSchedulerConfig>): LearningRateSchedulerConfig {
  return resolved({
    input_features: [{ name: 'x', type: 'number' }],
    output_features: [{ name: 'y', type: 'number' }],
    trainer: { learning_rate_scheduler: overrides },
  }).trainer.learning_rate_scheduler;
}

const lower = (a: number, b: number) => a < b;

describe('LearningRateSchedule', () => {
  it('is constant without warmup or decay', () => {
    const s = new LearningRateSchedule(scheduler({}), 0.01, 100, 10, 10);
    expect([0, 50, 99].map((t) => s.rate(t))).toEqual([0.01, 0.01, 0.01]);
  });

  it('warms up linearly over warmup_fraction of the total steps', () => {
    const s = new LearningRateSchedule(scheduler({ warmup_fraction: 0.1 }), 1, 100, 10, 10);
    // 10 warmup steps: (step + 1) / 10.
    expect([0, 4, 9, 10, 60].map((t) => s.rate(t))).toEqual([0.1, 0.5, 1, 1, 1]);
  });

  it('warms up over warmup_evaluations evaluation periods when that is longer than the fraction', () => {
    const s = new LearningRateSchedule(scheduler({ warmup_fraction: 0.05, warmup_evaluations: 2 }), 1, 100, 20, 7);
    // max(round(0.05·100), 2·7) = 14 warmup steps.
    expect(s.rate(0)).toBeCloseTo(1 / 14, 12);
    expect(s.rate(6)).toBeCloseTo(7 / 14, 12);
    expect(s.rate(13)).toBe(1);
    expect(s.rate(14)).toBe(1);
  });

  it('decays linearly to zero at the last step, after warmup', () => {
    const s = new LearningRateSchedule(scheduler({ decay: 'linear', warmup_fraction: 0.1 }), 1, 100, 10, 10);
    // After 10 warmup steps the remaining 90 steps go from 1 to 0.
    expect(s.rate(10)).toBe(1);
    expect(s.rate(55)).toBeCloseTo(0.5, 12);
    expect(s.rate(100)).toBe(0);
    expect(s.rate(120)).toBe(0);
  });

  it('decays exponentially by decay_rate per decay_steps, continuously or in a staircase', () => {
    const smooth = new LearningRateSchedule(scheduler({ decay: 'exponential', decay_rate: 0.5, decay_steps: 10 }), 1, 100, 10, 10);
    expect(smooth.rate(5)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(smooth.rate(20)).toBeCloseTo(0.25, 12);
    const stairs = new LearningRateSchedule(scheduler({ decay: 'exponential', decay_rate: 0.5, decay_steps: 10, staircase: true }), 1, 100, 10, 10);
    expect([0, 5, 9, 10, 19, 25].map((t) => stairs.rate(t))).toEqual([1, 1, 1, 0.5, 0.5, 0.25]);
  });

  it('anneals by cosine with warm restarts after t_0 steps, periods growing by t_mult', () => {
    const s = new LearningRateSchedule(scheduler({ decay: 'cosine', t_0: 10, t_mult: 2, eta_min: 0.01 }), 1, 1000, 50, 50);
    const cosine = (position: number, period: number) => 0.01 + (0.99 * (1 + Math.cos((Math.PI * position) / period))) / 2;
    expect(s.rate(0)).toBeCloseTo(1, 12);
    expect(s.rate(5)).toBeCloseTo(0.505, 12);
    expect(s.rate(9)).toBeCloseTo(cosine(9, 10), 12);
    // Restarts at 10 (period 20) and 30 (period 40).
    expect(s.rate(10)).toBeCloseTo(1, 12);
    expect(s.rate(20)).toBeCloseTo(0.505, 12);
    expect(s.rate(29)).toBeCloseTo(cosine(19, 20), 12);
    expect(s.rate(30)).toBeCloseTo(1, 12);
    expect(s.rate(50)).toBeCloseTo(0.505, 12);
  });

  it('uses one epoch as the cosine period when t_0 is null', () => {
    const s = new LearningRateSchedule(scheduler({ decay: 'cosine' }), 1, 1000, 8, 8);
    expect(s.rate(4)).toBeCloseTo(0.5, 12);
    expect(s.rate(8)).toBeCloseTo(1, 12);
  });

  it('reduces the rate by reduce_on_plateau_rate once more than patience evaluations fail to improve (PyTorch), at most reduce_on_plateau times', () => {
    const s = new LearningRateSchedule(scheduler({ reduce_on_plateau: 2, reduce_on_plateau_patience: 3, reduce_on_plateau_rate: 0.5 }), 0.1, 100, 10, 10);
    s.observe(1.0, lower);
    s.observe(1.1, lower);
    s.observe(1.2, lower);
    s.observe(1.3, lower);
    expect(s.factor).toBe(1);
    s.observe(1.4, lower);
    expect([s.factor, s.reductions]).toEqual([0.5, 1]);
    expect(s.rate(3)).toBeCloseTo(0.05, 12);
    // An improvement resets the count.
    s.observe(0.9, lower);
    s.observe(1.0, lower);
    s.observe(1.0, lower);
    s.observe(1.0, lower);
    expect(s.factor).toBe(0.5);
    s.observe(1.0, lower);
    expect([s.factor, s.reductions]).toEqual([0.25, 2]);
    for (let i = 0; i < 10; i++) s.observe(2, lower);
    expect([s.factor, s.reductions]).toEqual([0.25, 2]);
  });

  it('scales warmup and decay alike by the plateau factor', () => {
    const s = new LearningRateSchedule(scheduler({ warmup_fraction: 0.1, decay: 'linear', reduce_on_plateau: 1, reduce_on_plateau_patience: 1, reduce_on_plateau_rate: 0.1 }), 1, 100, 10, 10);
    s.observe(1, lower);
    s.observe(1, lower);
    s.observe(1, lower);
    expect(s.rate(4)).toBeCloseTo(0.05, 12);
    expect(s.rate(55)).toBeCloseTo(0.05, 12);
  });

  it('never reduces when reduce_on_plateau is 0', () => {
    const s = new LearningRateSchedule(scheduler({ reduce_on_plateau_patience: 0 }), 0.1, 100, 10, 10);
    for (let i = 0; i < 5; i++) s.observe(i, lower);
    expect([s.factor, s.reductions]).toEqual([1, 0]);
  });
});
