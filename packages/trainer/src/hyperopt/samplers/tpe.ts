import { SeededRandom } from '../../util/random.js';
import { categoryIndex, coordinateOf, sampleDimension, toDimension, valueAt, type Dimension } from '../space.js';
import type { Observation, Sampler, SamplerOptions } from './sampler.js';

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011, "Algorithms for Hyper-Parameter
 * Optimization"; 2013, "Making a Science of Model Search"). The finished trials are split into the
 * best few and the rest; each parameter gets a Parzen density over each group — l(x) over the good,
 * g(x) over the rest — and the next value is the candidate drawn from l with the largest l(x)/g(x).
 * Parameters are modelled one at a time (independent TPE), as in hyperopt and Optuna's defaults.
 */
export interface TpeSettings {
  /** Random trials before the model is used. */
  initialPoints: number;
  /** How many of n finished trials count as good. */
  goodCount: (n: number) => number;
  /** Candidates drawn from l(x) per parameter. */
  candidates: number;
}

/** hyperopt's TPE: 20 random trials, the best ceil(gamma·√n) are good, 24 candidates. */
export const hyperoptTpe = (gamma: number, initialPoints: number): TpeSettings => ({
  initialPoints, goodCount: (n) => Math.ceil(gamma * Math.sqrt(n)), candidates: 24,
});

/** Optuna's TPESampler defaults: 10 startup trials, the best min(ceil(0.1·n), 25) are good, 24 candidates. */
export const optunaTpe: TpeSettings = { initialPoints: 10, goodCount: (n) => Math.min(Math.ceil(0.1 * n), 25), candidates: 24 };

type Numeric = Extract<Dimension, { kind: 'numeric' }>;
type Categorical = Extract<Dimension, { kind: 'categorical' }>;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function phi(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

interface Parzen { mus: number[]; sigmas: number[]; low: number; high: number }

/**
 * hyperopt's adaptive Parzen estimator: one Gaussian per observation plus the prior (mid-range,
 * width of the range), each as wide as the larger gap to its neighbours, clipped to
 * [range / min(100, n + 1), range]; truncated to the range.
 */
function parzen(d: Numeric, points: readonly number[]): Parzen {
  const priorMu = d.prior ? d.prior.mean : (d.low + d.high) / 2;
  const priorSigma = d.prior ? d.prior.sd : d.high - d.low;
  const mus = [...points, priorMu].sort((a, b) => a - b);
  const minSigma = priorSigma / Math.min(100, mus.length);
  const sigmas = mus.map((mu, i) => {
    if (mu === priorMu && !points.includes(mu) && mus.indexOf(mu) === i) return priorSigma;
    const left = i > 0 ? mu - mus[i - 1] : -Infinity;
    const right = i < mus.length - 1 ? mus[i + 1] - mu : -Infinity;
    const gap = Math.max(left, right);
    return Math.min(priorSigma, Math.max(minSigma, Number.isFinite(gap) ? gap : priorSigma));
  });
  return { mus, sigmas, low: d.low, high: d.high };
}

function parzenLogDensity(p: Parzen, x: number): number {
  let sum = 0;
  for (let k = 0; k < p.mus.length; k++) {
    const s = p.sigmas[k];
    const mass = phi((p.high - p.mus[k]) / s) - phi((p.low - p.mus[k]) / s);
    const z = (x - p.mus[k]) / s;
    sum += Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  }
  return Math.log(Math.max(sum / p.mus.length, 1e-300));
}

function parzenSample(p: Parzen, rng: SeededRandom): number {
  const k = rng.nextInt(p.mus.length);
  for (let attempt = 0; attempt < 32; attempt++) {
    const x = p.mus[k] + p.sigmas[k] * rng.nextGaussian();
    if (x >= p.low && x < p.high) return x;
  }
  return Math.min(p.high, Math.max(p.low, p.mus[k]));
}

function suggestNumeric(d: Numeric, good: readonly number[], bad: readonly number[], settings: TpeSettings, rng: SeededRandom): number {
  const l = parzen(d, good);
  const g = parzen(d, bad);
  let best = parzenSample(l, rng);
  let bestScore = -Infinity;
  for (let i = 0; i < settings.candidates; i++) {
    const x = i === 0 ? best : parzenSample(l, rng);
    const score = parzenLogDensity(l, x) - parzenLogDensity(g, x);
    if (score > bestScore) [best, bestScore] = [x, score];
  }
  return valueAt(d, best);
}

function suggestCategory(d: Categorical, good: readonly number[], bad: readonly number[], settings: TpeSettings, rng: SeededRandom): unknown {
  // Counts plus the prior, a weight of one spread evenly over the categories (hyperopt, Optuna).
  const weights = (indices: readonly number[]) => {
    const w = d.categories.map(() => 1 / d.categories.length);
    for (const i of indices) if (i >= 0) w[i]++;
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / total);
  };
  const l = weights(good);
  const g = weights(bad);
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < settings.candidates; c++) {
    let r = rng.next();
    let i = 0;
    while (i < l.length - 1 && r >= l[i]) r -= l[i++];
    const score = Math.log(l[i]) - Math.log(g[i]);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return d.categories[best];
}

export function createTpe(options: SamplerOptions<'hyperopt'> | SamplerOptions<'optuna'>, settings: TpeSettings): Sampler {
  const dimensions = Object.entries(options.parameters).map(([name, p]) => toDimension(name, p));
  const rng = new SeededRandom(options.seed);
  const points = options.alg.points_to_evaluate ?? [];
  let proposed = 0;
  return {
    total: options.numSamples,
    propose(finished: readonly Observation[]) {
      if (proposed >= options.numSamples) return null;
      const i = proposed++;
      const scored = finished.filter((o): o is Observation & { loss: number } => o.loss !== null && Number.isFinite(o.loss));
      let values: Record<string, unknown>;
      if (i < points.length || scored.length < settings.initialPoints) {
        values = { ...Object.fromEntries(dimensions.map((d) => [d.name, sampleDimension(d, rng)])), ...(points[i] ?? {}) };
      } else {
        const sorted = [...scored].sort((a, b) => a.loss - b.loss);
        const cut = Math.max(1, Math.min(sorted.length - 1, settings.goodCount(sorted.length)));
        const good = sorted.slice(0, cut);
        const bad = sorted.slice(cut);
        values = Object.fromEntries(dimensions.map((d) => {
          if (d.kind === 'categorical') {
            const index = (o: Observation) => categoryIndex(d, o.parameters[d.name]);
            return [d.name, suggestCategory(d, good.map(index), bad.map(index), settings, rng)];
          }
          const coordinate = (o: Observation) => coordinateOf(d, Number(o.parameters[d.name]));
          const finite = (xs: number[]) => xs.filter(Number.isFinite);
          return [d.name, suggestNumeric(d, finite(good.map(coordinate)), finite(bad.map(coordinate)), settings, rng)];
        }));
      }
      return Object.fromEntries(dimensions.map((d) => [d.name, values[d.name]]));
    },
  };
}
