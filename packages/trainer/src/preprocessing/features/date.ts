import { parseDate, type DateParts } from '../../data/parse-date.js';
import { fillsWithMode, modeOfStrings, planFill } from '../missing-values.js';
import { gatherCells, quote, warnDropRowFills, type FeaturePreprocessor, type ParsedColumn, type RowSelection } from './feature-preprocessor.js';
import { SPLIT_TRAIN } from '../types.js';

/** Ludwig's date vector: year, month, day, weekday (Monday 0), yearday, hour, minute, second, second of day. */
export const DATE_VECTOR_WIDTH = 9;
const DAY_MS = 86_400_000;

/** The date vector of parsed parts (`create_vector_from_datetime_obj` in Ludwig's date_utils). */
export function dateVector(parts: DateParts, out: Int32Array, offset: number): void {
  const dayMs = Date.UTC(parts.year, parts.month - 1, parts.day);
  out[offset] = parts.year;
  out[offset + 1] = parts.month;
  out[offset + 2] = parts.day;
  out[offset + 3] = (new Date(dayMs).getUTCDay() + 6) % 7;
  out[offset + 4] = Math.round((dayMs - Date.UTC(parts.year, 0, 1)) / DAY_MS) + 1;
  out[offset + 5] = parts.hour;
  out[offset + 6] = parts.minute;
  out[offset + 7] = parts.second;
  out[offset + 8] = parts.hour * 3600 + parts.minute * 60 + parts.second;
}

/**
 * Used when the fill value is not a date (the default fill '' included). Ludwig takes the current
 * time there, which makes preprocessing irreproducible; the Unix epoch keeps every component valid
 * for the date encoders (month, day and yearday are 1-based).
 */
export const EPOCH_DATE_VECTOR: readonly number[] = [1970, 1, 1, 3, 1, 0, 0, 0, 0];

export interface ParsedDates extends ParsedColumn {
  values: readonly (string | null)[];
  /** Date vectors per position, row-major [positions, 9]. */
  vectors: Int32Array;
}

function fillVector(text: string, format: string | null): Int32Array {
  const out = new Int32Array(DATE_VECTOR_WIDTH);
  const parts = parseDate(text, format ?? undefined);
  if (parts === null) out.set(EPOCH_DATE_VECTOR);
  else dateVector(parts, out, 0);
  return out;
}

/** Mean and (population) standard deviation of the years of the training rows' dates. */
function yearStatistics(parsed: ParsedDates, rows: RowSelection): { mean: number; std: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  const { kept, split } = rows;
  for (let k = 0; k < kept.length; k++) {
    if (split[k] !== SPLIT_TRAIN) continue;
    const pos = kept[k];
    if (parsed.missing[pos]) continue;
    const year = parsed.vectors[pos * DATE_VECTOR_WIDTH];
    n++;
    sum += year;
    sumSq += year * year;
  }
  if (n === 0) return { mean: 2000, std: 1 };
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)) };
}

/** Date: int32 width 9, Ludwig's date vector. Text that is not a date counts as missing. */
export const datePreprocessor = {
  type: 'date',

  parse(cells, ctx) {
    const values = gatherCells(cells, ctx);
    const n = ctx.tableRows.length;
    const format = ctx.preprocessing.datetime_format ?? undefined;
    const vectors = new Int32Array(n * DATE_VECTOR_WIDTH);
    const missing = new Uint8Array(n);
    let unreadable = 0;
    for (let p = 0; p < n; p++) {
      const cell = values[p];
      if (cell === null) {
        missing[p] = 1;
        continue;
      }
      const parts = parseDate(cell, format);
      if (parts === null) {
        missing[p] = 1;
        if (cell.trim() === '') continue;
        unreadable++;
        if (ctx.mode === 'prediction') ctx.warn(p, `'${ctx.column}' is not a date (${quote(cell)}); treated as missing.`);
        continue;
      }
      dateVector(parts, vectors, p * DATE_VECTOR_WIDTH);
    }
    return { values, vectors, missing, unreadable };
  },

  buildMetadata(parsed, ctx, rows) {
    const p = ctx.preprocessing;
    const fill = fillsWithMode(p.missing_value_strategy) ? (modeOfStrings(parsed.values, parsed.missing, rows) ?? p.fill_value) : p.fill_value;
    const { mean, std } = yearStatistics(parsed, rows);
    return { type: 'date', role: ctx.role, column: ctx.column, preprocessing: p, computed_fill_value: fill, year_mean: mean, year_std: std };
  },

  encode(parsed, ctx, metadata, kept) {
    const { vectors, missing } = parsed;
    const plan = planFill(missing, 1, kept, metadata.preprocessing.missing_value_strategy);
    warnDropRowFills(ctx, missing, kept);
    const fill = fillVector(metadata.computed_fill_value, metadata.preprocessing.datetime_format);
    const w = DATE_VECTOR_WIDTH;
    const out = new Int32Array(kept.length * w);
    for (let k = 0; k < kept.length; k++) {
      const pos = kept[k];
      if (!missing[pos]) out.set(vectors.subarray(pos * w, pos * w + w), k * w);
      else if (plan.source[k] >= 0) out.set(vectors.subarray(plan.source[k] * w, plan.source[k] * w + w), k * w);
      else out.set(fill, k * w);
    }
    return { column: { dtype: 'int32', values: out, width: w }, filled: plan.filled, outliers: 0 };
  },
} satisfies FeaturePreprocessor<'date', ParsedDates>;
