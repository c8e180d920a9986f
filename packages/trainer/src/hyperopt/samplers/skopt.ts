import { SeededRandom } from '../../util/random.js';
import { categoryIndex, coordinateOf, sampleDimension, toDimension, valueAt, type Dimension } from '../space.js';
import { expectedImprovement, fitGp } from './gaussian-process.js';
import type { Observation, Sampler, SamplerOptions } from './sampler.js';

/**
 * Gaussian-process Bayesian optimisation, as scikit-optimize's `Optimizer` that Ray's SkOptSearch
 * (Ludwig's `skopt`) drives: random points first, then a GP with a Matérn kernel is fitted to the
 * finished trials over the normalised space and the next point maximises the expected improvement.
 * The acquisition is maximised over random candidates, then refined locally around the best few.
 * Trials still running count as scoring the best loss so far (skopt's "constant liar" cl_min), so
 * parallel slots are not all sent to the same point.
 */
export interface SkoptSettings {
  /** Random trials before the GP is used (skopt's n_initial_points). */
  initialPoints: number;
  /** Random candidates the acquisition is evaluated at. */
  candidates: number;
  /** The best candidates refined locally. */
  refine: number;
  /** Local steps per refined candidate. */
  refineSteps: number;
}

export const skoptDefaults: SkoptSettings = { initialPoints: 10, candidates: 2000, refine: 5, refineSteps: 60 };

/** The bounds a normal prior (randn) is searched in, in standard deviations. */
const priorWidth = 4;

/** How each dimension occupies the unit cube: a numeric one is one coordinate, a categorical one a one-hot block. */
interface Slot { d: Dimension; offset: number; width: number; low: number; high: number }

function layout(dimensions: readonly Dimension[]): { slots: Slot[]; width: number } {
  let offset = 0;
  const slots = dimensions.map((d) => {
    const width = d.kind === 'categorical' ? d.categories.length : 1;
    const [low, high] = d.kind === 'categorical' ? [0, 1]
      : d.prior ? [d.prior.mean - priorWidth * d.prior.sd, d.prior.mean + priorWidth * d.prior.sd] : [d.low, d.high];
    const slot = { d, offset, width, low, high };
    offset += width;
    return slot;
  });
  return { slots, width: offset };
}

/** The point of a parameter set in the unit cube, or null when a value is not in its space (e.g. a hand-written point). */
function encode(slots: readonly Slot[], width: number, parameters: Readonly<Record<string, unknown>>): number[] | null {
  const x = new Array<number>(width).fill(0);
  for (const s of slots) {
    const value = parameters[s.d.name];
    if (s.d.kind === 'categorical') {
      const i = categoryIndex(s.d, value);
      if (i < 0) return null;
      x[s.offset + i] = 1;
    } else {
      const u = coordinateOf(s.d, Number(value));
      if (!Number.isFinite(u)) return null;
      x[s.offset] = Math.min(1, Math.max(0, (u - s.low) / (s.high - s.low)));
    }
  }
  return x;
}

/** A point of the cube as a parameter set: a one-hot block's largest entry is its category. */
function decode(slots: readonly Slot[], x: readonly number[]): Record<string, unknown> {
  return Object.fromEntries(slots.map((s) => {
    if (s.d.kind === 'categorical') {
      let best = 0;
      for (let i = 1; i < s.width; i++) if (x[s.offset + i] > x[s.offset + best]) best = i;
      return [s.d.name, s.d.categories[best]];
    }
    return [s.d.name, valueAt(s.d, s.low + (s.high - s.low) * x[s.offset])];
  }));
}

/** Snaps a point to what it decodes to, so the GP is asked about values a trial can actually have. */
function snap(slots: readonly Slot[], width: number, x: readonly number[]): number[] {
  return encode(slots, width, decode(slots, x)) ?? [...x];
}

function randomPoint(slots: readonly Slot[], width: number, rng: SeededRandom): number[] {
  const x = new Array<number>(width).fill(0);
  for (const s of slots) {
    if (s.d.kind === 'categorical') x[s.offset + rng.nextInt(s.width)] = 1;
    else x[s.offset] = rng.next();
  }
  return x;
}

/** A neighbour: one dimension moved, a numeric one by a Gaussian step of `step`, a categorical one to another category. */
function neighbour(slots: readonly Slot[], x: readonly number[], step: number, rng: SeededRandom): number[] {
  const y = [...x];
  const s = slots[rng.nextInt(slots.length)];
  if (s.d.kind === 'categorical') {
    for (let i = 0; i < s.width; i++) y[s.offset + i] = 0;
    y[s.offset + rng.nextInt(s.width)] = 1;
  } else {
    y[s.offset] = Math.min(1, Math.max(0, y[s.offset] + step * rng.nextGaussian()));
  }
  return y;
}

export function createSkopt(options: SamplerOptions<'skopt'>, settings: SkoptSettings = skoptDefaults): Sampler {
  const dimensions = Object.entries(options.parameters).map(([name, p]) => toDimension(name, p));
  const { slots, width } = layout(dimensions);
  // A one-hot block is one parameter: its coordinates share a length scale, scaled so that moving
  // to another category (distance √2) counts like crossing the whole of a numeric range.
  const scales = slots.flatMap((s) => Array.from({ length: s.width }, () => (s.d.kind === 'categorical' ? Math.SQRT2 : 1)));
  const rng = new SeededRandom(options.seed);
  const points = options.alg.points_to_evaluate ?? [];
  const proposals: Record<string, unknown>[] = [];
  const key = (p: Readonly<Record<string, unknown>>) => JSON.stringify(dimensions.map((d) => p[d.name]));

  const suggest = (finished: readonly Observation[]): Record<string, unknown> => {
    const xs: number[][] = [];
    const ys: number[] = [];
    const done = new Set<string>();
    for (const o of finished) {
      done.add(key(o.parameters));
      if (o.loss === null || !Number.isFinite(o.loss)) continue;
      const x = encode(slots, width, o.parameters);
      if (x) {
        xs.push(x);
        ys.push(o.loss);
      }
    }
    const observed = xs.length;
    const best = Math.min(...ys);
    const spread = Math.max(...ys) - best;
    // Trials proposed but not finished: they are lied about as scoring the best so far.
    for (const p of proposals) {
      if (done.has(key(p))) continue;
      const x = encode(slots, width, p);
      if (x) {
        xs.push(x);
        ys.push(best);
      }
    }
    const gp = fitGp(xs, ys, scales);
    const xi = 0.01 * (spread || 1);
    const acquisition = (x: readonly number[]) => {
      const { mean, sd } = gp.predict(x);
      return expectedImprovement(mean, sd, best, xi);
    };
    const scored: { x: number[]; ei: number }[] = [];
    for (let i = 0; i < settings.candidates; i++) {
      const x = snap(slots, width, randomPoint(slots, width, rng));
      scored.push({ x, ei: acquisition(x) });
    }
    // Candidates near the best trials too: the optimum of EI is often just beside them.
    const ranked = xs.slice(0, observed).map((x, i) => ({ x, y: ys[i] })).sort((a, b) => a.y - b.y).slice(0, settings.refine);
    for (const { x } of ranked) {
      const y = snap(slots, width, neighbour(slots, x, 0.05, rng));
      scored.push({ x: y, ei: acquisition(y) });
    }
    scored.sort((a, b) => b.ei - a.ei);
    let winner = scored[0];
    for (const start of scored.slice(0, settings.refine)) {
      let current = start;
      let step = 0.1;
      for (let k = 0; k < settings.refineSteps; k++) {
        const x = snap(slots, width, neighbour(slots, current.x, step, rng));
        const ei = acquisition(x);
        if (ei > current.ei) current = { x, ei };
        else step = Math.max(0.005, step * 0.9);
      }
      if (current.ei > winner.ei) winner = current;
    }
    return decode(slots, winner.x);
  };

  return {
    total: options.numSamples,
    propose(finished: readonly Observation[]) {
      if (proposals.length >= options.numSamples) return null;
      const i = proposals.length;
      const scored = finished.filter((o) => o.loss !== null && Number.isFinite(o.loss));
      let values: Record<string, unknown>;
      if (i < points.length) {
        values = { ...Object.fromEntries(dimensions.map((d) => [d.name, sampleDimension(d, rng)])), ...points[i] };
      } else if (scored.length < settings.initialPoints) {
        values = Object.fromEntries(dimensions.map((d) => [d.name, sampleDimension(d, rng)]));
      } else {
        values = suggest(finished);
      }
      const proposal = Object.fromEntries(dimensions.map((d) => [d.name, values[d.name]]));
      proposals.push(proposal);
      return proposal;
    },
  };
}
