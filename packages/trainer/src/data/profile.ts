import type { ColumnProfile, DatasetProfile } from '@overture/config';
import { summarizeColumn, type ColumnSummary } from './column-summary.js';
import { inferColumnType, isIdLike } from './infer-types.js';
import { TextProfiler } from './text-profile.js';
import type { RawTable } from './table.js';

export interface ProfileOptions {
  /**
   * Profile at most this many rows, spread evenly over the table (data is often sorted, so the
   * first rows are a poor sample). All rows by default.
   */
  sampleRows?: number;
  /** Folder that relative image/audio paths resolve against (the dataset file's folder). */
  baseDir?: string;
  /**
   * Distinct values tracked per column (default 1,000,000). Past it, `distinctCount` is an upper
   * bound (each further value counted as new) and top values come from the tracked ones.
   */
  maxDistinct?: number;
}

const maxTopValues = 20;

/**
 * Rows `init-config` profiles to infer types (evenly spaced): type inference needs a sample, not
 * every row, and this keeps auto-config of a million-row file to a fraction of a second.
 */
export const TYPE_INFERENCE_SAMPLE_ROWS = 100_000;

/**
 * Per-column statistics and an inferred feature type for every column (the `dataset.profile`
 * job). Column `rowCount` is the number of rows examined (equal to `sampledRows`).
 */
export function profileTable(table: RawTable, options: ProfileOptions = {}): DatasetProfile {
  const rows = sampleRowIndices(table.rowCount, options.sampleRows);
  const sampledRows = rows ? rows.length : table.rowCount;
  const columns = table.columns.map((name, position) => {
    // Own keys only: a column named `constructor` must not read Object's constructor.
    const sourceTypes = table.sourceTypes;
    const summary = summarizeColumn(name, position, Object.hasOwn(table.data, name) ? table.data[name] : [], {
      rows,
      maxDistinct: options.maxDistinct,
      sourceType: sourceTypes && Object.hasOwn(sourceTypes, name) ? sourceTypes[name] : undefined,
    });
    return profileColumn(summary, options);
  });
  return { rowCount: table.rowCount, sampledRows, columns };
}

/** The profile of one summarized column (exported for callers that summarize batch by batch). */
export function profileColumn(summary: ColumnSummary, options: Pick<ProfileOptions, 'baseDir'> = {}): ColumnProfile {
  const inferred = inferColumnType(summary, { baseDir: options.baseDir });
  const numeric = summary.numeric;
  return {
    name: summary.name,
    inferredType: inferred.type,
    inferenceReason: inferred.reason,
    rowCount: summary.rowCount,
    missingCount: summary.missingCount,
    missingRatio: summary.rowCount === 0 ? 0 : summary.missingCount / summary.rowCount,
    distinctCount: summary.distinctCount,
    topValues: topValues(summary),
    numeric: numeric ? { min: numeric.min, max: numeric.max, mean: numeric.mean, std: numeric.std } : null,
    histogram: numeric ? numeric.histogram : null,
    averageWords: summary.averageWords,
    idLike: isIdLike(summary),
    text: inferred.type === 'text' ? textProfile(summary) : null,
  };
}

/**
 * Token statistics over the column's distinct values, each weighted by its row count (a value is
 * tokenized once however often it repeats). Values past the distinct-value cap are not covered;
 * `text.rows` says how many rows are.
 */
function textProfile(summary: ColumnSummary): ColumnProfile['text'] {
  const profiler = new TextProfiler();
  for (let d = 0; d < summary.values.length; d++) profiler.add(summary.values[d], summary.counts[d]);
  return profiler.result();
}

/** Evenly spaced row positions, or undefined for "all rows". */
function sampleRowIndices(rowCount: number, sampleRows: number | undefined): Uint32Array | undefined {
  if (sampleRows === undefined || sampleRows >= rowCount) return undefined;
  const size = Math.max(0, Math.floor(sampleRows));
  const rows = new Uint32Array(size);
  for (let i = 0; i < size; i++) rows[i] = Math.floor((i * rowCount) / size);
  return rows;
}

/** The most frequent values, most frequent first; ties keep first-seen order. One pass, no full sort. */
function topValues(summary: ColumnSummary): { value: string; count: number }[] {
  const top: number[] = [];
  const { counts, values } = summary;
  for (let d = 0; d < values.length; d++) {
    const count = counts[d];
    if (top.length === maxTopValues && count <= counts[top[top.length - 1]]) continue;
    let at = top.length;
    while (at > 0 && counts[top[at - 1]] < count) at--;
    top.splice(at, 0, d);
    if (top.length > maxTopValues) top.pop();
  }
  return top.map((d) => ({ value: values[d], count: counts[d] }));
}
