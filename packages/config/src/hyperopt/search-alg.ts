import { z } from 'zod';
import { doc } from '../common.js';

/** Ludwig's search algorithms (`ludwig/schema/hyperopt/search_algorithm.py`); the ones implemented here. */

const points = doc(
  z.array(z.record(z.string(), z.unknown())).nullable().default(null),
  'Parameter sets (path → value) tried first, before the algorithm proposes its own.',
);
const seed = (what: string) => doc(z.number().int().nullable().default(null), `Seed of the ${what}; the study's seed (42) when null.`);

const variantGenerator = {
  points_to_evaluate: points,
  max_concurrent: doc(z.number().int().nonnegative().default(0), 'Trials run at once at most (0: no limit beyond the executor\'s).'),
  constant_grid_search: doc(z.boolean().default(false), 'Sample the non-grid parameters once and reuse them in every grid point.'),
  random_state: seed('random sampler'),
};
export const ZVariantGeneratorSearch = z.strictObject({ type: z.literal('variant_generator'), ...variantGenerator });
export const ZRandomSearch = z.strictObject({ type: z.literal('random'), ...variantGenerator });
export const ZHyperoptSearch = z.strictObject({
  type: z.literal('hyperopt'),
  points_to_evaluate: points,
  n_initial_points: doc(z.number().int().positive().default(20), 'Random trials before the tree-structured Parzen estimators take over.'),
  random_state_seed: seed('TPE sampler'),
  gamma: doc(z.number().min(0).max(1).default(0.25), 'Fraction of the trials TPE counts as good (Bergstra et al. 2013).'),
});
export const ZOptunaSearch = z.strictObject({
  type: z.literal('optuna'),
  points_to_evaluate: points,
  seed: seed('TPE sampler'),
});

/** A Ludwig/Ray option left to its default: any other value is refused by name. */
const onlyNull = (key: string, why: string) => doc(
  z.unknown().refine((v) => v === null || v === undefined, `${key} is a Ludwig search algorithm option that Overture does not support yet (${why})`).transform(() => null).default(null),
  `Not supported (${why}); leave it out.`,
);

/**
 * scikit-optimize's Gaussian-process Bayesian optimisation (Ray's SkOptSearch): 10 random trials,
 * then a GP with a Matérn kernel and expected improvement. Ray's SkOptSearch has no seed of its
 * own: the study's seed is used.
 */
export const ZSkoptSearch = z.strictObject({
  type: z.literal('skopt'),
  optimizer: onlyNull('optimizer', 'a skopt Optimizer object: the Gaussian process is built in'),
  space: onlyNull('space', 'the space is hyperopt.parameters'),
  points_to_evaluate: points,
  evaluated_rewards: onlyNull('evaluated_rewards', 'results of points_to_evaluate given without running them'),
  convert_to_python: doc(z.boolean().default(true), 'Values are plain numbers and strings here either way.'),
});

export const ZSearchAlg = z.discriminatedUnion('type', [ZVariantGeneratorSearch, ZRandomSearch, ZHyperoptSearch, ZOptunaSearch, ZSkoptSearch]);
export type SearchAlgConfig = z.output<typeof ZSearchAlg>;
export type SearchAlgType = SearchAlgConfig['type'];
export const searchAlgTypes = ['variant_generator', 'random', 'hyperopt', 'optuna', 'skopt'] as const satisfies readonly SearchAlgType[];

/** Ludwig's seed key differs per algorithm; one accessor. */
export function searchAlgSeed(alg: SearchAlgConfig): number | null {
  switch (alg.type) {
    case 'variant_generator':
    case 'random':
      return alg.random_state;
    case 'hyperopt':
      return alg.random_state_seed;
    case 'optuna':
      return alg.seed;
    case 'skopt':
      return null;
  }
}
