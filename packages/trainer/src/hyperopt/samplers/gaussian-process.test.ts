import { describe, expect, it } from 'vitest';
import { cholesky, expectedImprovement, fitGp } from './gaussian-process.js';

describe('Gaussian process', () => {
  it('factors a positive definite matrix and refuses one that is not', () => {
    const l = cholesky(Float64Array.from([4, 2, 2, 3]), 2)!;
    expect([...l]).toEqual([2, 0, 1, Math.sqrt(2)]);
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });

  it('interpolates noiseless observations, is unsure far from them, and follows a smooth function between them', () => {
    const f = (x: number) => Math.sin(6 * x);
    const xs = [0, 0.2, 0.4, 0.6, 0.8, 1].map((x) => [x]);
    const gp = fitGp(xs, xs.map(([x]) => f(x)));
    for (const [x] of xs) {
      expect(gp.predict([x]).mean).toBeCloseTo(f(x), 2);
      expect(gp.predict([x]).sd).toBeLessThan(0.05);
    }
    expect(Math.abs(gp.predict([0.5]).mean - f(0.5))).toBeLessThan(0.1);
    // Two dimensions, the second never varied: away from the data along it the GP knows less.
    const gp2 = fitGp(xs.map(([x]) => [x, 0.5]), xs.map(([x]) => f(x)));
    expect(gp2.predict([0.4, 3]).sd).toBeGreaterThan(10 * gp2.predict([0.4, 0.5]).sd);
  });

  it('expected improvement grows with uncertainty and with a lower mean, and is zero for a sure loss', () => {
    expect(expectedImprovement(1, 0.5, 0)).toBeGreaterThan(expectedImprovement(1, 0.1, 0));
    expect(expectedImprovement(0.2, 0.3, 0.5)).toBeGreaterThan(expectedImprovement(0.4, 0.3, 0.5));
    expect(expectedImprovement(1, 0, 0)).toBe(0);
    // A sure gain of 0.5 below the best, less skopt's xi of 0.01.
    expect(expectedImprovement(0, 0, 0.5)).toBeCloseTo(0.49, 10);
  });
});
