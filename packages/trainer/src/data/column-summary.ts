import { parseNumber } from './parse-number.js';
import type { SourceColumnType } from './table.js';

/**
 * One pass over a column that gathers everything profiling and type inference need. Values are
 * counted per distinct value (a Map), and numbers are parsed once per distinct value, so
 * low-cardinality columns cost one hash lookup per cell.
 */
export interface ColumnSummary {
  name: string;
  /** Position of the column in the table (0-based); the first column gets the `index` id rule. */
  position: number;
  /** Cells examined (all rows, or the sample). */
  rowCount: number;
  missingCount: number;
  /**
   * Distinct non-missing values. Exact unless `distinctCapped`, in which case it is an upper bound:
   * values beyond the cap are counted as if each were new.
   */
  distinctCount: number;
  distinctCapped: boolean;
  /** Distinct values in first-seen order, with how often each occurs (at most the cap). */
  values: string[];
  counts: number[];
  /** True when every non-missing value is a number (NaN spellings included, as Ludwig's `is_number`). */
  allNumeric: boolean;
  /** With `allNumeric`: every finite value is a whole number. */
  allIntegers: boolean;
  /** Statistics of the finite numeric values, when `allNumeric` and there is at least one. */
  numeric: NumericSummary | null;
  averageWords: number;
  sourceType?: SourceColumnType;
}

export interface NumericSummary {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator, as pandas' `describe`); 0 for one value. */
  std: number;
  histogram: { start: number; end: number; count: number }[];
}

/** Default cap on distinct values tracked per column (memory stays ~100 MB per column at most). */
export const defaultMaxDistinct = 1_000_000;
const histogramBins = 20;

export interface SummarizeOptions {
  /** Row positions to examine (a sample); all rows when omitted. */
  rows?: ArrayLike<number>;
  maxDistinct?: number;
  sourceType?: SourceColumnType;
}

export function summarizeColumn(name: string, position: number, cells: readonly (string | null)[], options: SummarizeOptions = {}): ColumnSummary {
  const maxDistinct = options.maxDistinct ?? defaultMaxDistinct;
  const rows = options.rows;
  const rowCount = rows ? rows.length : cells.length;
  const slot = new Map<string, number>();
  const values: string[] = [];
  const counts: number[] = [];
  let missingCount = 0;
  let untracked = 0;
  const untrackedValues: string[] = [];

  for (let i = 0; i < rowCount; i++) {
    const value = cells[rows ? rows[i] : i];
    if (value === null || value === undefined) {
      missingCount++;
      continue;
    }
    const at = slot.get(value);
    if (at !== undefined) {
      counts[at]++;
    } else if (values.length < maxDistinct) {
      slot.set(value, values.length);
      values.push(value);
      counts.push(1);
    } else {
      untracked++;
      // Keep a bounded sample so numeric stats and word counts still see these values.
      if (untrackedValues.length < maxDistinct) untrackedValues.push(value);
    }
  }

  // Numbers: parse each distinct value once, weight by its count.
  let allNumeric = values.length > 0;
  let allIntegers = true;
  const parsed = new Float64Array(values.length);
  for (let d = 0; d < values.length && allNumeric; d++) {
    const number = parseNumber(values[d]);
    if (number === null) allNumeric = false;
    else {
      parsed[d] = number;
      if (allIntegers && !Number.isNaN(number) && !Number.isInteger(number)) allIntegers = false;
    }
  }
  const extra: number[] = [];
  for (let u = 0; u < untrackedValues.length && allNumeric; u++) {
    const number = parseNumber(untrackedValues[u]);
    if (number === null) allNumeric = false;
    else {
      extra.push(number);
      if (allIntegers && !Number.isNaN(number) && !Number.isInteger(number)) allIntegers = false;
    }
  }

  let words = 0;
  for (let d = 0; d < values.length; d++) words += countWords(values[d]) * counts[d];
  let extraWords = 0;
  for (const value of untrackedValues) extraWords += countWords(value);
  const nonMissing = rowCount - missingCount;
  const averageWords =
    nonMissing === 0
      ? 0
      : untrackedValues.length === 0
        ? words / nonMissing
        : (words + (extraWords / untrackedValues.length) * untracked) / nonMissing;

  return {
    name,
    position,
    rowCount,
    missingCount,
    distinctCount: values.length + untracked,
    distinctCapped: untracked > 0,
    values,
    counts,
    allNumeric,
    allIntegers: allNumeric && allIntegers,
    numeric: allNumeric ? numericSummary(parsed, counts, extra) : null,
    averageWords,
    sourceType: options.sourceType,
  };
}

/** Whitespace-separated word count, by char codes (no regex, no allocation). */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13) || code === 160;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

function numericSummary(distinct: Float64Array, counts: number[], extra: number[]): NumericSummary | null {
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const visit = (value: number, weight: number) => {
    if (Number.isNaN(value)) return;
    count += weight;
    sum += value * weight;
    if (value < min) min = value;
    if (value > max) max = value;
  };
  for (let d = 0; d < distinct.length; d++) visit(distinct[d], counts[d]);
  for (const value of extra) visit(value, 1);
  if (count === 0) return null;
  const mean = sum / count;
  let squares = 0;
  for (let d = 0; d < distinct.length; d++) {
    const value = distinct[d];
    if (!Number.isNaN(value)) squares += (value - mean) * (value - mean) * counts[d];
  }
  for (const value of extra) if (!Number.isNaN(value)) squares += (value - mean) * (value - mean);
  const std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;

  const distinctFinite = Math.min(histogramBins, distinct.length + extra.length);
  const bins = min === max ? 1 : Math.max(1, distinctFinite);
  const width = (max - min) / bins;
  const histogram = Array.from({ length: bins }, (_, b) => ({
    start: min + b * width,
    end: b === bins - 1 ? max : min + (b + 1) * width,
    count: 0,
  }));
  const place = (value: number, weight: number) => {
    if (Number.isNaN(value)) return;
    const bin = width === 0 ? 0 : Math.min(bins - 1, Math.floor((value - min) / width));
    histogram[bin].count += weight;
  };
  for (let d = 0; d < distinct.length; d++) place(distinct[d], counts[d]);
  for (const value of extra) place(value, 1);
  return { count, min, max, mean, std, histogram };
}
