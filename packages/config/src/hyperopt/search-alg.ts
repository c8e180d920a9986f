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

export const ZSearchAlg = z.discriminatedUnion('type', [ZVariantGeneratorSearch, ZRandomSearch, ZHyperoptSearch, ZOptunaSearch]);
export type SearchAlgConfig = z.output<typeof ZSearchAlg>;
export type SearchAlgType = SearchAlgConfig['type'];
export const searchAlgTypes = ['variant_generator', 'random', 'hyperopt', 'optuna'] as const satisfies readonly SearchAlgType[];

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
  }
}
