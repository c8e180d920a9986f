import type { SearchAlgType } from '@overture/config';
import { createSkopt } from './skopt.js';
import { createTpe, hyperoptTpe, optunaTpe } from './tpe.js';
import { createVariantGenerator } from './variant-generator.js';
import type { Sampler, SamplerFactory, SamplerOptions } from './sampler.js';

export type { Observation, Sampler, SamplerOptions } from './sampler.js';
export { gridPoints } from './variant-generator.js';

/** One sampler per `search_alg.type` the config accepts (a missing one fails to compile). */
export const samplers = {
  variant_generator: createVariantGenerator,
  random: createVariantGenerator,
  hyperopt: (o) => createTpe(o, hyperoptTpe(o.alg.gamma, o.alg.n_initial_points)),
  optuna: (o) => createTpe(o, optunaTpe),
  skopt: (o) => createSkopt(o),
} satisfies { [T in SearchAlgType]: SamplerFactory<T> };

/** The sampler of `options.alg.type`. */
export function createSampler(options: SamplerOptions): Sampler {
  const alg = options.alg;
  switch (alg.type) {
    case 'variant_generator':
      return samplers.variant_generator({ ...options, alg });
    case 'random':
      return samplers.random({ ...options, alg });
    case 'hyperopt':
      return samplers.hyperopt({ ...options, alg });
    case 'optuna':
      return samplers.optuna({ ...options, alg });
    case 'skopt':
      return samplers.skopt({ ...options, alg });
  }
}
