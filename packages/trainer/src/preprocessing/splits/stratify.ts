import { SeededRandom } from '../../util/random.js';
import { assignInOrder, splitColumn, type Splitter } from './proportions.js';

/**
 * Splits each class of `column` separately in the given proportions, so every split keeps the
 * class balance (missing values form a class of their own).
 */
export const stratifySplit: Splitter<{ type: 'stratify'; column: string; probabilities: readonly number[] }> = (config, ctx) => {
  const cells = splitColumn(ctx, config.column, 'stratify');
  const classes = new Map<string | null, number[]>();
  for (let p = 0; p < ctx.rows.length; p++) {
    const value = cells[ctx.rows[p]];
    let members = classes.get(value);
    if (members === undefined) classes.set(value, (members = []));
    members.push(p);
  }
  const keys = [...classes.keys()].sort((a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1));
  const random = new SeededRandom(ctx.seed);
  const out = new Uint8Array(ctx.rows.length);
  for (const key of keys) {
    const members = Int32Array.from(classes.get(key) as number[]);
    assignInOrder(random.shuffle(members), config.probabilities, out);
  }
  return out;
};
