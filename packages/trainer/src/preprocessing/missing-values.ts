import type { MissingValueStrategy } from './config-view.js';
import { SPLIT_TRAIN } from './types.js';

/** Kept positions (indices into a parsed column, in row order) and the split of each. */
export interface RowSelection {
  kept: Int32Array;
  split: Uint8Array;
}

/**
 * For each kept row whose `flags & bit` is set: the position whose value it takes (bfill/ffill),
 * or -1 for the feature's constant fill (fill_value, mode, mean, true/false). Entries of other rows
 * are unspecified. bfill/ffill copy the next/previous row whose flags are all clear; a leading
 * (ffill) or trailing (bfill) gap has nothing to copy and takes the constant, which for these
 * strategies is the training mode.
 */
export function planFill(
  flags: Uint8Array,
  bit: number,
  kept: Int32Array,
  strategy: MissingValueStrategy,
): { source: Int32Array; filled: number } {
  const n = kept.length;
  const source = new Int32Array(n);
  let filled = 0;
  if (strategy === 'ffill') {
    let last = -1;
    for (let k = 0; k < n; k++) {
      const pos = kept[k];
      const f = flags[pos];
      if (f === 0) last = pos;
      else if (f & bit) {
        source[k] = last;
        filled++;
      }
    }
  } else if (strategy === 'bfill') {
    let next = -1;
    for (let k = n - 1; k >= 0; k--) {
      const pos = kept[k];
      const f = flags[pos];
      if (f === 0) next = pos;
      else if (f & bit) {
        source[k] = next;
        filled++;
      }
    }
  } else {
    for (let k = 0; k < n; k++) {
      if (flags[kept[k]] & bit) {
        source[k] = -1;
        filled++;
      }
    }
  }
  return { source, filled };
}

/** Strategies whose constant is the training mode (bfill/ffill fall back to it at the edges; drop_row at prediction). */
export function fillsWithMode(strategy: MissingValueStrategy): boolean {
  return strategy === 'fill_with_mode' || strategy === 'bfill' || strategy === 'ffill' || strategy === 'drop_row';
}

/**
 * Most frequent non-missing value among the training rows (ties: the smallest value, as pandas'
 * `mode()` sorts); null when there is none.
 */
export function modeOfStrings(
  values: readonly (string | null)[],
  missing: Uint8Array,
  rows: RowSelection,
): string | null {
  const counts = new Map<string, number>();
  const { kept, split } = rows;
  for (let k = 0; k < kept.length; k++) {
    if (split[k] !== SPLIT_TRAIN) continue;
    const pos = kept[k];
    if (missing[pos]) continue;
    const v = values[pos] as string;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== null && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** Mode of numbers (ties: the smallest), NaN when there are none. */
export function modeOfNumbers(values: Float64Array, count: number): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < count; i++) counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
  let best = Number.NaN;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/**
 * The kept rows of a fixed-width float column (vectors, distributions): each row's own values, a
 * missing row's bfill/ffill source, else `fill`. Returns the rows and how many were filled.
 */
export function encodeFixedWidthRows(
  values: Float32Array, missing: Uint8Array, kept: Int32Array, width: number, fill: Float32Array, strategy: MissingValueStrategy,
): { values: Float32Array; filled: number } {
  const plan = planFill(missing, 1, kept, strategy);
  const out = new Float32Array(kept.length * width);
  for (let k = 0; k < kept.length; k++) {
    const pos = kept[k];
    const source = !missing[pos] ? pos : plan.source[k];
    if (source >= 0) out.set(values.subarray(source * width, source * width + width), k * width);
    else out.set(fill, k * width);
  }
  return { values: out, filled: plan.filled };
}
