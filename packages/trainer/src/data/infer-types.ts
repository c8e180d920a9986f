import { existsSync } from 'node:fs';
import { relative, resolve, isAbsolute } from 'node:path';
import type { FeatureType } from '@overture/config';
import type { ColumnSummary } from './column-summary.js';
import { parseDate } from './parse-date.js';
import { parseNumber } from './parse-number.js';

/**
 * Feature type inference following Ludwig's AutoML (`ludwig/utils/automl/type_inference.py`,
 * LUDWIG_REFERENCE §2.7), in this order:
 *   1. the source stores a date/time                         → date
 *   2. ≤ 1 distinct value                                     → category
 *   3. exactly 2 distinct, none missing, conventional bools   → binary
 *   4. ≥ 3 sampled values are existing image / audio files    → image / audio
 *   5. every distinct value parses as a date                  → date
 *   6. every value is a same-length list of ≥ 2 numbers       → vector   (ours)
 *   6b. every value is a list of ≥ 2 numbers, of different lengths or as JSON arrays → timeseries (ours;
 *       Ludwig's AutoML infers neither vectors nor series)
 *   7. values average ≥ 5 words                               → text     (Ludwig's TEXT_AVG_WORDS_CUTOFF)
 *   8. distinct < 50% of non-missing rows and (not all numbers or sequential integers) → category
 *   9. all numbers                                            → number
 *  10. short token lists from a small vocabulary              → set      (ours, conservative)
 *  11. otherwise                                             → text
 */
export interface InferredType {
  type: FeatureType;
  /** Why, in plain words (shown in the UI). */
  reason: string;
}

export interface InferTypeOptions {
  /** Folder that relative image/audio paths are resolved against (the dataset file's folder). */
  baseDir?: string;
}

/** Ludwig's `BOOL_TRUE_STRS` / `BOOL_FALSE_STRS`, plus on/off. Compared lower-cased. */
export const conventionalTrueStrings = new Set(['yes', 'y', 'true', 't', '1', '1.0', 'on']);
export const conventionalFalseStrings = new Set(['no', 'n', 'false', 'f', '0', '0.0', 'off']);

/** Ludwig's `are_conventional_bools`: every value is a known true or false spelling. */
export function areConventionalBools(values: readonly string[]): boolean {
  return values.every((value) => {
    const lower = value.trim().toLowerCase();
    return conventionalTrueStrings.has(lower) || conventionalFalseStrings.has(lower);
  });
}

export const imageExtensions = ['.png', '.jpg', '.jpeg', '.gif', '.bmp', '.tif', '.tiff'];
export const audioExtensions = ['.wav', '.mp3', '.flac', '.ogg'];
/** Distinct values probed on disk for image/audio detection, and how many must exist. */
const fileProbeLimit = 10;
const fileMinimum = 3;
const categoryDistinctCutoff = 0.5;
const textAverageWordsCutoff = 5;

export function inferColumnType(column: ColumnSummary, options: InferTypeOptions = {}): InferredType {
  const nonMissing = column.rowCount - column.missingCount;
  const distinct = column.distinctCount;
  const shown = (count: number) => column.values.slice(0, count).map((value) => `'${clip(value)}'`).join(', ');

  if (column.sourceType === 'date') {
    return { type: 'date', reason: 'The source file stores this column as dates/times.' };
  }
  if (distinct === 0) {
    return { type: 'category', reason: 'Every value is missing, so there is nothing to learn from (Ludwig treats it as a constant category).' };
  }
  if (distinct === 1) {
    return { type: 'category', reason: `Every value is ${shown(1)}: a constant column carries no information.` };
  }
  if (distinct === 2 && column.missingCount === 0 && areConventionalBools(column.values)) {
    return { type: 'binary', reason: `Exactly two values (${shown(2)}) that read as true/false, and none missing.` };
  }
  if (!column.allNumeric) {
    const images = countExistingFiles(column.values, imageExtensions, options.baseDir);
    if (images >= fileMinimum) {
      return { type: 'image', reason: `${images} of the sampled values are paths to existing image files.` };
    }
    const embedded = countDataUris(column.values, 'image');
    if (embedded >= fileMinimum) {
      return { type: 'image', reason: `${embedded} of the sampled values are images written into the cell (data:image/… URIs).` };
    }
    const audio = countExistingFiles(column.values, audioExtensions, options.baseDir);
    if (audio >= fileMinimum) {
      return { type: 'audio', reason: `${audio} of the sampled values are paths to existing audio files.` };
    }
    const recordings = countDataUris(column.values, 'audio');
    if (recordings >= fileMinimum) {
      return { type: 'audio', reason: `${recordings} of the sampled values are recordings written into the cell (data:audio/… URIs).` };
    }
    if (column.values.every((value) => parseDate(value) !== null)) {
      return { type: 'date', reason: `Every distinct value is a date or date-time (for example ${shown(1)}).` };
    }
    const vectorLength = commonVectorLength(column.values);
    if (vectorLength !== null) {
      return { type: 'vector', reason: `Every value is a list of ${vectorLength} numbers separated by spaces.` };
    }
    const series = seriesLengths(column.values);
    if (series !== null) {
      return { type: 'timeseries', reason: series.min === series.max
        ? `Every value is a list of ${series.min} numbers written as a JSON array, read as a series.`
        : `Every value is a list of numbers of varying length (${series.min} to ${series.max}), read as a series.` };
    }
    if (column.averageWords >= textAverageWordsCutoff) {
      return { type: 'text', reason: `Values average ${column.averageWords.toFixed(1)} words, so they read as free text.` };
    }
  }

  const ratio = distinct / nonMissing;
  const percent = formatPercent(ratio);
  if (ratio < categoryDistinctCutoff) {
    if (!column.allNumeric) {
      return { type: 'category', reason: `${distinct} distinct values in ${nonMissing} rows (${percent}), and not all are numbers.` };
    }
    const run = sequentialIntegerRun(column);
    if (run !== null) {
      return {
        type: 'category',
        reason: `The ${distinct} distinct values are the consecutive integers ${run.min}…${run.max}, which usually encode categories.`,
      };
    }
  }
  if (column.allNumeric) {
    return {
      type: 'number',
      reason: ratio < categoryDistinctCutoff
        ? `Every value is a number (${distinct} distinct values, not a run of consecutive integers).`
        : `Every value is a number, and ${percent} of them are distinct.`,
    };
  }
  const set = setEvidence(column);
  if (set !== null) {
    return {
      type: 'set',
      reason: `Values are short lists of tokens (${Math.round(set.multiShare * 100)}% have more than one) drawn from a small vocabulary of ${set.vocabulary} tokens.`,
    };
  }
  return { type: 'text', reason: `${percent} of the values are distinct, and they are not numbers, dates or lists.` };
}

/**
 * Unique per row and named like an identifier: `id`, `*id`, `id*` (any case, so `user_id`,
 * `ID_number`), or the first column named `index` or unnamed (pandas' `Unnamed: 0`). Ludwig's
 * `should_exclude` drops these as inputs.
 */
export function isIdLike(column: ColumnSummary): boolean {
  if (column.missingCount > 0 || column.rowCount === 0 || column.distinctCount !== column.rowCount) return false;
  const lower = column.name.trim().toLowerCase();
  if (lower.startsWith('id') || lower.endsWith('id')) return true;
  return column.position === 0 && (lower === 'index' || lower === '' || lower.startsWith('unnamed'));
}

/** Ludwig's `are_sequential_integers` over the distinct values (as text: `1` and `1.0` are two). */
function sequentialIntegerRun(column: ColumnSummary): { min: number; max: number } | null {
  if (!column.allIntegers || column.distinctCapped || column.numeric === null) return null;
  if (column.values.some((value) => Number.isNaN(parseNumber(value)))) return null;
  const { min, max } = column.numeric;
  return max - min + 1 === column.distinctCount ? { min, max } : null;
}

function countExistingFiles(values: readonly string[], extensions: readonly string[], baseDir: string | undefined): number {
  // Without a folder nothing is probed: an uploaded table must not learn which files the server has.
  if (baseDir === undefined) return 0;
  const root = resolve(baseDir);
  let probed = 0;
  let found = 0;
  // Only the first values are looked at: a path column has paths throughout.
  for (const value of values.slice(0, 1000)) {
    if (probed >= fileProbeLimit) break;
    const path = value.trim();
    const lower = path.toLowerCase();
    if (!extensions.some((extension) => lower.endsWith(extension))) continue;
    probed++;
    // Only inside the dataset's folder, as decoding reads them (`..` or another absolute path is not looked at).
    const full = resolve(root, path);
    const inside = relative(root, full);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) continue;
    if (existsSync(full)) found++;
  }
  return found;
}

/** Sampled cells holding an image or a recording as a data URI: the way they reach the platform, which reads no paths. */
function countDataUris(values: readonly string[], kind: 'image' | 'audio'): number {
  const pattern = kind === 'image' ? /^data:image\/[a-z0-9.+-]+;base64,/i : /^data:audio\/[a-z0-9.+-]+;base64,/i;
  let found = 0;
  for (const value of values.slice(0, fileProbeLimit)) if (pattern.test(value.trimStart())) found++;
  return found;
}

/** The shared length when every value is ≥ 2 whitespace-separated numbers of one length. */
/**
 * The shortest and longest list when every value is a list of ≥ 2 numbers, whitespace-separated
 * or a JSON array (comma lists without brackets are left alone: '1,234' is a number with a
 * thousands separator more often than a series).
 */
function seriesLengths(values: readonly string[]): { min: number; max: number } | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = 0;
  for (const value of values) {
    let body = value.trim();
    let separator = /\s+/;
    if (body.startsWith('[') && body.endsWith(']')) {
      body = body.slice(1, -1).trim();
      separator = /[\s,]+/;
    }
    const parts = body.split(separator);
    if (parts.length < 2) return null;
    for (const part of parts) {
      const number = parseNumber(part);
      if (number === null) return null;
    }
    min = Math.min(min, parts.length);
    max = Math.max(max, parts.length);
  }
  return { min, max };
}

function commonVectorLength(values: readonly string[]): number | null {
  let length: number | null = null;
  for (const value of values) {
    const parts = value.trim().split(/\s+/);
    if (parts.length < 2 || (length !== null && parts.length !== length)) return null;
    for (const part of parts) {
      const number = parseNumber(part);
      if (number === null || Number.isNaN(number)) return null;
    }
    length = parts.length;
  }
  return length;
}

/**
 * Evidence that a column is a set (Ludwig splits set values on whitespace/commas): at least 20
 * values; at least 20% of rows hold more than one token; at most 10 tokens per row on average;
 * a vocabulary of at most max(10, 1% of rows) tokens (never more than 1,000), each token seen on
 * average at least 5 times. Names, addresses and sentences fail the vocabulary tests.
 */
function setEvidence(column: ColumnSummary): { multiShare: number; vocabulary: number } | null {
  const nonMissing = column.rowCount - column.missingCount;
  if (nonMissing < 20 || column.distinctCapped) return null;
  const vocabularyLimit = Math.min(1000, Math.max(10, Math.floor(nonMissing * 0.01)));
  const vocabulary = new Set<string>();
  let multi = 0;
  let tokens = 0;
  for (let d = 0; d < column.values.length; d++) {
    const parts = column.values[d].split(/[\s,]+/).filter((part) => part !== '');
    const count = column.counts[d];
    tokens += parts.length * count;
    if (parts.length > 1) multi += count;
    for (const part of parts) {
      vocabulary.add(part.toLowerCase());
      if (vocabulary.size > vocabularyLimit) return null;
    }
  }
  const multiShare = multi / nonMissing;
  if (multiShare < 0.2 || tokens / nonMissing > 10 || tokens / vocabulary.size < 5) return null;
  return { multiShare, vocabulary: vocabulary.size };
}

function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  return `${percent >= 1 ? Math.round(percent) : Number(percent.toPrecision(2))}%`;
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}…` : value;
}
