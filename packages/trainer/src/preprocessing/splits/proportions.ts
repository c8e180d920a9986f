import { OvertureError, splitBoundaries as proportionBoundaries } from '@overture/config';
import type { RawTable } from '../../data/table.js';

/** What a splitter sees: the table, the table rows left after sampling, and a seed of its own. */
export interface SplitContext {
  table: RawTable;
  rows: Int32Array;
  seed: number;
}

/** Returns the split (0 train, 1 validation, 2 test) of each sampled row. */
export type Splitter<C> = (config: C, ctx: SplitContext) => Uint8Array;

/** Cumulative boundaries [train end, validation end] for `n` rows (config's rule, so the train screen predicts the counts exactly). */
export function splitBoundaries(probabilities: readonly number[], n: number): [number, number] {
  const total = probabilities.reduce((a, b) => a + b, 0);
  if (!(total > 0) || probabilities.some((p) => !(p >= 0))) {
    throw new OvertureError('invalid_config', `preprocessing.split.probabilities must be three non-negative numbers, got [${probabilities.join(', ')}].`, [
      { path: 'preprocessing.split.probabilities', message: 'expected [train, validation, test]' },
    ]);
  }
  return proportionBoundaries(probabilities, n);
}

/** Assigns `order[0..]` to train, then validation, then test, in the given proportions. */
export function assignInOrder(order: ArrayLike<number>, probabilities: readonly number[], out: Uint8Array): void {
  const [first, second] = splitBoundaries(probabilities, order.length);
  for (let i = 0; i < order.length; i++) out[order[i]] = i < first ? 0 : i < second ? 1 : 2;
}

/** The cells of `column` for the sampled rows, failing clearly when the column is absent. */
export function splitColumn(ctx: SplitContext, column: string, type: string): readonly (string | null)[] {
  const cells = Object.hasOwn(ctx.table.data, column) ? ctx.table.data[column] : undefined;
  if (cells === undefined) {
    throw new OvertureError('invalid_config', `The ${type} split reads column '${column}', which is not in the data.`, [
      { path: 'preprocessing.split.column', message: `no column '${column}'` },
    ]);
  }
  return cells;
}
