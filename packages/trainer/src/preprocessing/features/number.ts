import { OvertureError } from '@overture/config';
import { parseNumber } from '../../data/parse-number.js';
import type { MissingValueStrategy, Normalization } from '../config-view.js';
import { fillsWithMode, modeOfNumbers, planFill } from '../missing-values.js';
import { SPLIT_TRAIN } from '../types.js';
import { dataRow, quote, warnDropRowFills, type FeatureContext, type FeaturePreprocessor, type ParsedColumn } from './feature-preprocessor.js';

const MISSING = 1;
const OUTLIER = 2;
/** More non-numeric values than this share of a column's non-missing values means it is not a number column. */
export const MAX_NON_NUMERIC_RATIO = 0.05;

export interface ParsedNumbers extends ParsedColumn {
  /** Bit flags per position: 1 missing (or non-numeric). */
  missing: Uint8Array;
  values: Float64Array;
}

export interface NumberStats {
  mean: number;
  std: number;
  min: number;
  max: number;
  median: number;
  q1: number;
  q3: number;
}

/** numpy's default (linear) quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Statistics of the first `count` values; `std` is the sample standard deviation (pandas'
 * ddof=1); `quantiles` are the `ple` bin edges.
 */
export function computeNumberStats(values: Float64Array, count: number): NumberStats & { quantiles: number[] } {
  if (count === 0) return { mean: 0, std: 0, min: 0, max: 0, median: 0, q1: 0, q3: 0, quantiles: [] };
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i];
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i] - mean) ** 2;
  const std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
  const sorted = values.slice(0, count).sort();
  return {
    mean,
    std,
    min: sorted[0],
    max: sorted[count - 1],
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    quantiles: distinctQuantiles(sorted),
  };
}

/** Quantiles at 0, 1/64, …, 1 of sorted values, duplicates removed (the `ple` encoder's bin edges). */
export const QUANTILE_BINS = 64;

function distinctQuantiles(sorted: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i <= QUANTILE_BINS; i++) {
    const q = quantile(sorted, i / QUANTILE_BINS);
    if (out.length === 0 || q > out[out.length - 1]) out.push(q);
  }
  return out;
}

/** Maps a raw value to the model's scale; a zero spread (std, range, IQR) counts as 1. */
export function normalizeNumber(x: number, normalization: Normalization | null, s: NumberStats): number {
  switch (normalization) {
    case 'zscore':
      return (x - s.mean) / (s.std || 1);
    case 'minmax':
      return (x - s.min) / (s.max - s.min || 1);
    case 'log1p':
      return Math.log1p(x);
    case 'iq':
      return (x - s.median) / (s.q3 - s.q1 || 1);
    default:
      return x;
  }
}

/** The inverse of `normalizeNumber`. */
export function denormalizeNumberValue(y: number, normalization: Normalization | null, s: NumberStats): number {
  switch (normalization) {
    case 'zscore':
      return y * (s.std || 1) + s.mean;
    case 'minmax':
      return y * (s.max - s.min || 1) + s.min;
    case 'log1p':
      return Math.expm1(y);
    case 'iq':
      return y * (s.q3 - s.q1 || 1) + s.median;
    default:
      return y;
  }
}

function isOutlier(x: number, s: NumberStats, threshold: number): boolean {
  return s.std > 0 && Math.abs(x - s.mean) > threshold * s.std;
}

/** Value the constant fill of `strategy` stands for, from training values. */
function constantFill(strategy: MissingValueStrategy, fillValue: number, values: Float64Array, count: number, mean: number): number {
  if (strategy === 'fill_with_const') return fillValue;
  if (strategy === 'fill_with_mean') return count > 0 ? mean : fillValue;
  if (strategy === 'fill_with_false') return 0;
  if (strategy === 'fill_with_true') return 1;
  if (fillsWithMode(strategy) && count > 0) return modeOfNumbers(values, count);
  return fillValue;
}

function tooManyNonNumeric(ctx: FeatureContext<'number'>, count: number, present: number, examples: string[]): OvertureError {
  const share = Math.round((count / present) * 1000) / 10;
  return new OvertureError(
    'invalid_data',
    `Number feature '${ctx.name}': column '${ctx.column}' has ${count} non-numeric values out of ${present} (${share}%), ` +
      `e.g. ${examples.join(', ')}. A number column may have at most ${MAX_NON_NUMERIC_RATIO * 100}% of them ` +
      `(they are treated as missing). If the column holds labels use type: category; if it holds free text use type: text.`,
    [{ path: ctx.column, message: `${count} non-numeric values`, suggestion: 'category' }],
  );
}

export const numberPreprocessor = {
  type: 'number',

  parse(cells, ctx) {
    const rows = ctx.tableRows;
    const n = rows.length;
    const values = new Float64Array(n);
    const missing = new Uint8Array(n);
    let nonNumeric = 0;
    let present = 0;
    const examples: string[] = [];
    for (let p = 0; p < n; p++) {
      const cell = cells[rows[p]];
      if (cell === null) {
        missing[p] = MISSING;
        continue;
      }
      const x = parseNumber(cell);
      if (x === null) {
        missing[p] = MISSING;
        if (cell.trim() === '') continue;
        present++;
        nonNumeric++;
        if (examples.length < 5) examples.push(`row ${dataRow(ctx, p)} ${quote(cell)}`);
        if (ctx.mode === 'prediction') ctx.warn(p, `'${ctx.column}' is not a number (${quote(cell)}); treated as missing.`);
        continue;
      }
      present++;
      if (Number.isNaN(x)) missing[p] = MISSING;
      else values[p] = x;
    }
    if (ctx.mode === 'training' && nonNumeric > MAX_NON_NUMERIC_RATIO * present) {
      throw tooManyNonNumeric(ctx, nonNumeric, present, examples);
    }
    return { missing, values, unreadable: nonNumeric };
  },

  buildMetadata(parsed, ctx, rows) {
    const p = ctx.preprocessing;
    const train = new Float64Array(rows.kept.length);
    let count = 0;
    for (let k = 0; k < rows.kept.length; k++) {
      const pos = rows.kept[k];
      if (rows.split[k] === SPLIT_TRAIN && !parsed.missing[pos]) train[count++] = parsed.values[pos];
    }
    const { quantiles, ...stats } = computeNumberStats(train, count);
    const computedFill = constantFill(p.missing_value_strategy, p.fill_value, train, count, stats.mean);
    let outlierFill: number | null = null;
    if (p.outlier_strategy !== null) {
      // The replacement for an outlier comes from the training values that are not outliers.
      let inliers = 0;
      let sum = 0;
      for (let i = 0; i < count; i++) {
        if (!isOutlier(train[i], stats, p.outlier_threshold)) {
          train[inliers++] = train[i];
          sum += train[i];
        }
      }
      outlierFill = constantFill(p.outlier_strategy, p.fill_value, train, inliers, inliers > 0 ? sum / inliers : 0);
    }
    return {
      type: 'number',
      role: ctx.role,
      column: ctx.column,
      preprocessing: p,
      ...stats,
      computed_fill_value: computedFill,
      computed_outlier_fill_value: outlierFill,
      quantiles,
    };
  },

  dropMask(parsed, ctx, metadata, rows) {
    const p = ctx.preprocessing;
    if (p.outlier_strategy !== 'drop_row') return null;
    const drop = new Uint8Array(parsed.missing.length);
    for (let k = 0; k < rows.kept.length; k++) {
      const pos = rows.kept[k];
      if (!parsed.missing[pos] && isOutlier(parsed.values[pos], metadata, p.outlier_threshold)) drop[pos] = 1;
    }
    return drop;
  },

  encode(parsed, ctx, metadata, kept) {
    const p = metadata.preprocessing;
    const { values } = parsed;
    const flags = parsed.missing.slice();
    // Outliers are judged on the values present in the data, never on filled ones.
    let outlierCount = 0;
    if (p.outlier_strategy !== null) {
      for (let k = 0; k < kept.length; k++) {
        const pos = kept[k];
        if (flags[pos] === 0 && isOutlier(values[pos], metadata, p.outlier_threshold)) {
          flags[pos] = OUTLIER;
          outlierCount++;
        }
      }
    }
    const missingPlan = planFill(flags, MISSING, kept, p.missing_value_strategy);
    const outlierSource =
      outlierCount > 0 ? planFill(flags, OUTLIER, kept, p.outlier_strategy as MissingValueStrategy).source : missingPlan.source;
    warnDropRowFills(ctx, parsed.missing, kept);
    const out = new Float32Array(kept.length);
    const fill = metadata.computed_fill_value;
    const outlierFill = metadata.computed_outlier_fill_value ?? fill;
    const norm = p.normalization;
    for (let k = 0; k < kept.length; k++) {
      const pos = kept[k];
      const f = flags[pos];
      let x: number;
      if (f === 0) x = values[pos];
      else if (f === MISSING) x = missingPlan.source[k] >= 0 ? values[missingPlan.source[k]] : fill;
      else x = outlierSource[k] >= 0 ? values[outlierSource[k]] : outlierFill;
      if (norm === 'log1p' && !(x > -1)) {
        if (ctx.mode === 'training') {
          throw new OvertureError(
            'invalid_data',
            `Number feature '${ctx.name}': log1p normalization needs values greater than -1, but row ${dataRow(ctx, pos)} of column '${ctx.column}' is ${x}. Use normalization: zscore or minmax.`,
            [{ path: `${ctx.name}.preprocessing.normalization`, message: 'log1p needs values > -1' }],
          );
        }
        ctx.rowError(pos, `'${ctx.column}' is ${x}; log1p normalization needs values greater than -1.`);
        out[k] = 0;
        continue;
      }
      out[k] = normalizeNumber(x, norm, metadata);
    }
    return {
      column: { dtype: 'float32', values: out, width: 1 },
      filled: missingPlan.filled,
      outliers: outlierCount,
    };
  },
} satisfies FeaturePreprocessor<'number', ParsedNumbers>;
