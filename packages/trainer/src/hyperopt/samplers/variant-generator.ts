import { SeededRandom } from '../../util/random.js';
import { sampleDimension, toDimension, type Dimension } from '../space.js';
import type { Sampler, SamplerOptions } from './sampler.js';

/** Every combination of the grid_search values, the first parameter varying slowest. */
export function gridPoints(dimensions: readonly Dimension[]): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const d of dimensions) {
    if (d.kind !== 'categorical' || !d.grid) continue;
    points = points.flatMap((p) => d.categories.map((value) => ({ ...p, [d.name]: value })));
  }
  return points;
}

/**
 * Ray Tune's variant generator (Ludwig's default `variant_generator`, alias `random`): num_samples
 * passes over the grid of `grid_search` parameters, every other parameter drawn from its space
 * (once per pass with `constant_grid_search`). `points_to_evaluate` come first, their missing
 * parameters filled the same way.
 */
export function createVariantGenerator(options: SamplerOptions<'variant_generator'> | SamplerOptions<'random'>): Sampler {
  const dimensions = Object.entries(options.parameters).map(([name, p]) => toDimension(name, p));
  const grid = gridPoints(dimensions);
  const random = dimensions.filter((d) => !(d.kind === 'categorical' && d.grid));
  const rng = new SeededRandom(options.seed);
  const points = options.alg.points_to_evaluate ?? [];
  const total = options.numSamples * grid.length;
  let proposed = 0;
  let shared: Record<string, unknown> = {};
  return {
    total,
    propose() {
      if (proposed >= total) return null;
      const i = proposed++;
      const gridPoint = grid[i % grid.length];
      if (!options.alg.constant_grid_search || i % grid.length === 0) {
        shared = Object.fromEntries(random.map((d) => [d.name, sampleDimension(d, rng)]));
      }
      const values: Record<string, unknown> = { ...shared, ...gridPoint, ...(points[i] ?? {}) };
      return Object.fromEntries(dimensions.map((d) => [d.name, values[d.name]]));
    },
  };
}
