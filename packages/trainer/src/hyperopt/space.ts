import type { HyperoptParameter } from '@overture/config';
import type { SeededRandom } from '../util/random.js';

/**
 * One searched parameter, seen by the samplers either as a list of categories or as a number line in
 * a transformed coordinate (`u`): the value itself for uniform spaces, its logarithm for log spaces.
 * Values follow Ray Tune's spaces, which Ludwig's configs are written for.
 */
export type Dimension =
  | { kind: 'categorical'; name: string; categories: readonly unknown[]; grid: boolean }
  | { kind: 'numeric'; name: string; param: Exclude<HyperoptParameter, { space: 'choice' | 'grid_search' }>; low: number; high: number; prior: { mean: number; sd: number } | null };

export function toDimension(name: string, p: HyperoptParameter): Dimension {
  switch (p.space) {
    case 'choice':
      return { kind: 'categorical', name, categories: p.categories, grid: false };
    case 'grid_search':
      return { kind: 'categorical', name, categories: p.values, grid: true };
    case 'randn':
    case 'qrandn':
      return { kind: 'numeric', name, param: p, low: -Infinity, high: Infinity, prior: { mean: p.mean, sd: p.sd } };
    case 'uniform':
    case 'quniform':
      return { kind: 'numeric', name, param: p, low: p.lower, high: p.upper, prior: null };
    case 'randint':
      return { kind: 'numeric', name, param: p, low: p.lower, high: p.upper, prior: null };
    case 'qrandint':
      // Inclusive upper: the line reaches one past it, and flooring brings the value back in.
      return { kind: 'numeric', name, param: p, low: p.lower, high: p.upper + 1, prior: null };
    case 'loguniform':
    case 'qloguniform':
    case 'lograndint':
      return { kind: 'numeric', name, param: p, low: logb(p.lower, p.base), high: logb(p.upper, p.base), prior: null };
    case 'qlograndint':
      return { kind: 'numeric', name, param: p, low: logb(p.lower, p.base), high: logb(p.upper + 1, p.base), prior: null };
  }
}

const logb = (x: number, base: number) => Math.log(x) / Math.log(base);

/** Rounds to the nearest multiple of q, kept inside [lo, hi] (a rounded bound may fall just outside). */
function quantize(x: number, q: number, lo: number, hi: number): number {
  let v = Math.round(x / q) * q;
  if (v > hi) v -= q;
  if (v < lo) v += q;
  // Multiples of 0.1 are not exact in binary: 0.30000000000000004 is written as 0.3.
  return Number(v.toPrecision(12));
}

/** The parameter value at coordinate `u` of a numeric dimension. */
export function valueAt(d: Extract<Dimension, { kind: 'numeric' }>, u: number): number {
  const p = d.param;
  switch (p.space) {
    case 'uniform':
      return Math.min(p.upper, Math.max(p.lower, u));
    case 'quniform':
      return quantize(u, p.q, p.lower, p.upper);
    case 'loguniform':
      return Math.min(p.upper, Math.max(p.lower, p.base ** u));
    case 'qloguniform':
      return quantize(p.base ** u, p.q, p.lower, p.upper);
    case 'randn':
      return u;
    case 'qrandn':
      return quantize(u, p.q, -Infinity, Infinity);
    case 'randint':
      return Math.min(p.upper - 1, Math.max(p.lower, Math.floor(u)));
    case 'qrandint':
      return quantize(Math.min(p.upper, Math.max(p.lower, Math.floor(u))), p.q, p.lower, p.upper);
    case 'lograndint':
      return Math.min(p.upper - 1, Math.max(p.lower, Math.floor(p.base ** u)));
    case 'qlograndint':
      return quantize(Math.min(p.upper, Math.max(p.lower, Math.floor(p.base ** u))), p.q, p.lower, p.upper);
  }
}

/** The coordinate of a value (the inverse of `valueAt`, up to rounding), for values seen in results. */
export function coordinateOf(d: Extract<Dimension, { kind: 'numeric' }>, value: number): number {
  const p = d.param;
  switch (p.space) {
    case 'loguniform':
    case 'qloguniform':
    case 'lograndint':
    case 'qlograndint':
      return logb(Math.max(value, Number.MIN_VALUE), p.base);
    default:
      return value;
  }
}

/** A value drawn from the parameter's own distribution (Ray Tune's sampling). */
export function sampleDimension(d: Dimension, rng: SeededRandom): unknown {
  if (d.kind === 'categorical') return d.categories[rng.nextInt(d.categories.length)];
  if (d.prior) return valueAt(d, d.prior.mean + d.prior.sd * rng.nextGaussian());
  return valueAt(d, d.low + (d.high - d.low) * rng.next());
}

/** Index of a value among a categorical dimension's categories (deep equality: categories may be mappings), or -1. */
export function categoryIndex(d: Extract<Dimension, { kind: 'categorical' }>, value: unknown): number {
  const key = JSON.stringify(value);
  return d.categories.findIndex((c) => JSON.stringify(c) === key);
}
