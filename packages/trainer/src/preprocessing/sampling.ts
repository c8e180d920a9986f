import { OvertureError } from '@overture/config';
import type { GlobalPreprocessingConfig } from './config-view.js';
import type { EncodedColumn } from './types.js';
import { encodedArray, SPLIT_TRAIN } from './types.js';
import { SeededRandom } from '../util/random.js';

/**
 * Table rows kept by sample_size (wins when set) or sample_ratio, in table order so that
 * bfill/ffill and the datetime split see the data's own order.
 */
export function sampleRows(rowCount: number, config: Pick<GlobalPreprocessingConfig, 'sample_ratio' | 'sample_size'>, seed: number): Int32Array {
  let size = rowCount;
  if (config.sample_size !== null && config.sample_size !== undefined) size = Math.min(rowCount, Math.max(0, Math.floor(config.sample_size)));
  else if (config.sample_ratio < 1) size = Math.round(rowCount * Math.max(0, config.sample_ratio));
  if (size === rowCount) {
    const all = new Int32Array(rowCount);
    for (let i = 0; i < rowCount; i++) all[i] = i;
    return all;
  }
  return new SeededRandom(seed).permutation(rowCount).subarray(0, size).sort();
}

export interface BalanceResult {
  /** Indices into the encoded rows, in the new order: kept rows in order, then the duplicates. */
  order: Int32Array;
  before: [number, number];
  after: [number, number];
}

/**
 * Ludwig's `balance_data` for one binary output, on the training split only: oversample_minority
 * duplicates minority rows until minority = ratio × majority; undersample_majority removes
 * majority rows until majority = minority / ratio. Null when nothing changes.
 */
export function balanceTrainingRows(
  target: EncodedColumn,
  split: Uint8Array,
  config: Pick<GlobalPreprocessingConfig, 'oversample_minority' | 'undersample_majority'>,
  seed: number,
): BalanceResult | null {
  const n = split.length;
  const byClass: [number[], number[]] = [[], []];
  for (let i = 0; i < n; i++) if (split[i] === SPLIT_TRAIN) byClass[target.values[i] >= 0.5 ? 1 : 0].push(i);
  const before: [number, number] = [byClass[0].length, byClass[1].length];
  const majorityClass = before[1] > before[0] ? 1 : 0;
  const majority = byClass[majorityClass];
  const minority = byClass[1 - majorityClass];
  if (minority.length === 0 || minority.length === majority.length) return null;
  const random = new SeededRandom(seed);
  const keep = new Uint8Array(n).fill(1);
  const extra: number[] = [];
  if (config.oversample_minority !== null && config.oversample_minority !== undefined) {
    const missing = Math.round(majority.length * config.oversample_minority) - minority.length;
    // Whole copies first, then a seeded choice of the remainder, so duplicates are spread evenly.
    for (let added = 0; added < missing; ) {
      const round = random.shuffle(minority.slice());
      for (let j = 0; j < round.length && added < missing; j++, added++) extra.push(round[j]);
    }
  } else if (config.undersample_majority !== null && config.undersample_majority !== undefined) {
    const wanted = Math.floor(minority.length / config.undersample_majority);
    const shuffled = random.shuffle(majority.slice());
    for (let j = wanted; j < shuffled.length; j++) keep[shuffled[j]] = 0;
  }
  extra.sort((a, b) => a - b);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) order.push(i);
  for (const i of extra) order.push(i);
  const after: [number, number] = [0, 0];
  for (const i of order) if (split[i] === SPLIT_TRAIN) after[target.values[i] >= 0.5 ? 1 : 0]++;
  if (order.length === n && extra.length === 0) return null;
  return { order: Int32Array.from(order), before, after };
}

/** Rows `order` of a column. */
export function gatherRows(column: EncodedColumn, order: Int32Array): EncodedColumn {
  const w = column.width;
  const out = encodedArray(column.dtype, order.length * w);
  for (let k = 0; k < order.length; k++) out.set(column.values.subarray(order[k] * w, order[k] * w + w), k * w);
  return { dtype: column.dtype, values: out, width: w } as EncodedColumn;
}

export function balanceConfigError(message: string): OvertureError {
  return new OvertureError('invalid_config', message, [{ path: 'preprocessing.oversample_minority', message }]);
}
