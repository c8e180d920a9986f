import { SeededRandom } from '../../util/random.js';
import { assignInOrder, type Splitter } from './proportions.js';

/** Seeded permutation, then exact proportions: the same seed always gives the same split. */
export const randomSplit: Splitter<{ type: 'random'; probabilities: readonly number[] }> = (config, ctx) => {
  const out = new Uint8Array(ctx.rows.length);
  assignInOrder(new SeededRandom(ctx.seed).permutation(ctx.rows.length), config.probabilities, out);
  return out;
};
