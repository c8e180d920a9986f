import { describe, expect, it } from 'vitest';
import { fitAxis, labelWidth, niceStep, niceTicks, textWidth, ticksWithin, truncateLabel } from './axis';

describe('niceStep', () => {
  it.each([[0.8, 1], [1, 1], [1.3, 1], [2.1, 2], [3, 2.5], [6, 5], [130, 100], [0.0042, 0.005], [0.024, 0.025], [8, 10]])('rounds %d to %d', (rough, step) => {
    expect(niceStep(rough)).toBeCloseTo(step, 12);
  });
});

describe('niceTicks', () => {
  it.each<[number, number, number[]]>([
    [33.48, 38.98, [33, 34, 35, 36, 37, 38, 39]],
    [0, 1, [0, 0.25, 0.5, 0.75, 1]],
    [0.61, 0.93, [0.6, 0.7, 0.8, 0.9, 1]],
    [1, 512, [0, 100, 200, 300, 400, 500, 600]],
    [-0.003, 0.21, [-0.05, 0, 0.05, 0.1, 0.15, 0.2, 0.25]],
    [0.00012, 0.00047, [0.0001, 0.0002, 0.0003, 0.0004, 0.0005]],
    [-40, -3, [-40, -30, -20, -10, 0]],
    [1200, 98000, [0, 25000, 50000, 75000, 100000]],
  ])('covers [%d, %d] with nice values', (min, max, expected) => {
    expect(niceTicks(min, max)).toEqual(expected);
  });

  it('uses whole steps for integer axes', () => {
    expect(niceTicks(1, 3, { integer: true })).toEqual([1, 2, 3]);
    expect(niceTicks(0, 7, { integer: true, count: 8 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives one value neighbours instead of a zero-width axis', () => {
    expect(niceTicks(0.5, 0.5)).toEqual([0.45, 0.475, 0.5, 0.525, 0.55]);
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(4, 4, { integer: true })).toEqual([3, 4, 5]);
  });

  it('has no binary noise in its values', () => {
    for (const t of niceTicks(0.1, 0.7)) expect(String(t).length).toBeLessThanOrEqual(4);
  });

  it('returns nothing for values that are not finite', () => {
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });
});

describe('fitAxis', () => {
  it('does not run a bar axis a whole step past a tiny negative value', () => {
    const axis = fitAxis([0.21, 0.08, -0.003], { includeZero: true });
    expect(axis.domain).toEqual([-0.003, 0.25]);
    expect(axis.ticks).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
  });

  it('keeps a real negative side with its own ticks', () => {
    const axis = fitAxis([0.2, -0.1], { includeZero: true });
    expect(axis.domain).toEqual([-0.1, 0.2]);
    expect(axis.ticks).toEqual([-0.1, 0, 0.1, 0.2]);
  });

  it('fits a loss curve to its range, not to zero', () => {
    expect(fitAxis([0.62, 0.48, 0.41])).toEqual({ domain: [0.4, 0.65], ticks: [0.4, 0.45, 0.5, 0.55, 0.6, 0.65] });
  });

  it('falls back to the unit interval without data', () => {
    expect(fitAxis([]).domain).toEqual([0, 1]);
  });
});

describe('ticksWithin', () => {
  it('labels steps 1…512 with round numbers and the ends', () => {
    expect(ticksWithin(1, 512, { integer: true })).toEqual([1, 100, 200, 300, 400, 500]);
    expect(ticksWithin(1, 10, { integer: true })).toEqual([2, 4, 6, 8, 10]);
  });

  it('is one tick for one value', () => {
    expect(ticksWithin(7, 7)).toEqual([7]);
  });
});

describe('label widths', () => {
  it('grows with the longest label and stays within its bounds', () => {
    const short = labelWidth(['age', 'sex'], 12);
    const long = labelWidth(['age', 'hours_per_week_at_main_job'], 12);
    expect(short).toBe(40);
    expect(long).toBeGreaterThan(150);
    expect(long).toBeLessThan(200);
    expect(labelWidth(['x'.repeat(200)], 12)).toBe(260);
  });

  it('measures wide letters wider than narrow ones', () => {
    expect(textWidth('MMMM', 12)).toBeGreaterThan(textWidth('iiii', 12) * 2);
  });

  it('shortens a label that does not fit, keeping one that does', () => {
    expect(truncateLabel('age', 100, 12)).toBe('age');
    const cut = truncateLabel('a_very_long_feature_name_indeed', 80, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 12)).toBeLessThanOrEqual(80);
  });
});
