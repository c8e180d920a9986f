import type { SplitConfig } from '../config-view.js';
import { datetimeSplit } from './datetime.js';
import { fixedSplit } from './fixed.js';
import { hashSplit } from './hash.js';
import type { SplitContext, Splitter } from './proportions.js';
import { randomSplit } from './random.js';
import { stratifySplit } from './stratify.js';

export type { SplitContext, Splitter } from './proportions.js';
export { fnv1a32 } from './hash.js';
export { readSplitValue } from './fixed.js';

/** One splitter per `preprocessing.split.type`; a missing entry fails `tsc`. */
export const splitters = {
  random: randomSplit,
  fixed: fixedSplit,
  stratify: stratifySplit,
  datetime: datetimeSplit,
  hash: hashSplit,
} satisfies { [K in SplitConfig['type']]: Splitter<Extract<SplitConfig, { type: K }>> };

/** The split of each sampled row. */
export function assignSplits(config: SplitConfig, ctx: SplitContext): Uint8Array {
  return (splitters[config.type] as Splitter<SplitConfig>)(config, ctx);
}

/** The data column a split reads, if any. */
export function splitColumnName(config: SplitConfig): string | null {
  if (config.type === 'random') return null;
  if (config.type === 'fixed') return config.column ?? 'split';
  return config.column;
}
