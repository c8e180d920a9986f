import { describe, expect, it } from 'vitest';
import { ZParameter } from '@overture/config';
import { SeededRandom } from '../util/random.js';
import { sampleDimension, toDimension } from './space.js';

const draw = (p: unknown, n = 2000, seed = 1) => {
  const d = toDimension('x', ZParameter.parse(p));
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => sampleDimension(d, rng) as number);
};

describe('parameter spaces (Ray Tune semantics)', () => {
  it('randint excludes upper, qrandint includes it on multiples of q', () => {
    expect(new Set(draw({ space: 'randint', lower: 1, upper: 4 }))).toEqual(new Set([1, 2, 3]));
    expect(new Set(draw({ space: 'qrandint', lower: 0, upper: 12, q: 4 }))).toEqual(new Set([0, 4, 8, 12]));
  });

  it('loguniform spreads evenly over the decades', () => {
    const xs = draw({ space: 'loguniform', lower: 1e-4, upper: 1 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1);
    // A quarter of the draws per decade: about 500 of 2000 below 1e-3.
    expect(xs.filter((x) => x < 1e-3).length).toBeGreaterThan(430);
    expect(xs.filter((x) => x < 1e-3).length).toBeLessThan(570);
  });

  it('lograndint and qlograndint stay integers in range with their base', () => {
    const a = draw({ space: 'lograndint', lower: 1, upper: 1024, base: 2 });
    expect(a.every((x) => Number.isInteger(x) && x >= 1 && x < 1024)).toBe(true);
    const b = draw({ space: 'qlograndint', lower: 16, upper: 256, q: 16, base: 2 });
    expect(b.every((x) => x % 16 === 0 && x >= 16 && x <= 256)).toBe(true);
    expect(b).toContain(256);
  });

  it('quniform and qloguniform round to multiples of q inside the bounds', () => {
    const a = draw({ space: 'quniform', lower: 0, upper: 0.5, q: 0.1 });
    expect(new Set(a)).toEqual(new Set([0, 0.1, 0.2, 0.3, 0.4, 0.5]));
    const b = draw({ space: 'qloguniform', lower: 0.001, upper: 0.1, q: 0.001 });
    expect(b.every((x) => x >= 0.001 && x <= 0.1 && Math.abs(Math.round(x / 0.001) * 0.001 - x) < 1e-12)).toBe(true);
  });

  it('randn has its mean and sd; qrandn is quantized', () => {
    const xs = draw({ space: 'randn', mean: 3, sd: 2 }, 5000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(3, 1);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
    expect(draw({ space: 'qrandn', mean: 0, sd: 1, q: 0.5 }).every((x) => Math.abs(x * 2 - Math.round(x * 2)) < 1e-9)).toBe(true);
  });

  it('choice draws every category, sub-configs included', () => {
    const cats = [{ type: 'concat' }, { type: 'concat', num_fc_layers: 2 }, 'x'];
    const d = toDimension('combiner', ZParameter.parse({ space: 'choice', categories: cats }));
    const rng = new SeededRandom(3);
    const seen = new Set(Array.from({ length: 100 }, () => JSON.stringify(sampleDimension(d, rng))));
    expect(seen).toEqual(new Set(cats.map((c) => JSON.stringify(c))));
  });
});
