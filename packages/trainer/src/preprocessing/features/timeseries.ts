import { OvertureError } from '@overture/config';
import { parseNumber } from '../../data/parse-number.js';
import type { TimeseriesFeaturePreprocessing } from '../config-view.js';
import { fillsWithMode, modeOfStrings, planFill } from '../missing-values.js';
import type { TimeseriesMetadata } from '../types.js';
import {
  dataRow,
  gatherCells,
  quote,
  warnDropRowFills,
  type FeatureContext,
  type FeaturePreprocessor,
  type ParsedColumn,
} from './feature-preprocessor.js';

const SEPARATORS = { space: /\s+/, comma: /\s*,\s*/ } as const;
const JSON_SEPARATOR = /[\s,]+/;

/**
 * The numbers of a timeseries cell, split by the tokenizer (`space`, `comma`); a cell written as
 * a JSON array (`[1, 2.5]`, as the JSON and Parquet readers stringify lists) is read with either.
 * `nan` steps become NaN (Ludwig turns them into padding_value). Returns the first token that is
 * not a number when there is one.
 */
export function parseSeries(text: string, tokenizer: string): number[] | { bad: string } {
  let body = text.trim();
  let separator: RegExp = tokenizer === 'comma' ? SEPARATORS.comma : SEPARATORS.space;
  if (body.startsWith('[') && body.endsWith(']')) {
    body = body.slice(1, -1).trim();
    separator = JSON_SEPARATOR;
  }
  if (body === '') return [];
  const parts = body.split(separator);
  const out = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const x = part === 'null' ? Number.NaN : parseNumber(part);
    if (x === null) return { bad: part };
    out[i] = x;
  }
  return out;
}

export interface ParsedSeries extends ParsedColumn {
  /** Cell text per position (for the mode fill); null when missing. */
  values: readonly (string | null)[];
  /** The series per position; null when missing. */
  series: (number[] | null)[];
  longest: number;
}

const windowOf = (p: TimeseriesFeaturePreprocessing): number => ('window_size' in p ? p.window_size : 0);
const horizonOf = (p: TimeseriesFeaturePreprocessing): number => ('horizon' in p ? p.horizon : 0);

function badCell(ctx: FeatureContext<'timeseries'>, position: number, problem: string): void {
  if (ctx.mode === 'training') {
    throw new OvertureError('invalid_data', `Timeseries feature '${ctx.name}': row ${dataRow(ctx, position)} of column '${ctx.column}' ${problem}.`, [
      { path: ctx.column, line: dataRow(ctx, position), message: problem },
    ]);
  }
  ctx.rowError(position, `'${ctx.column}' ${problem}.`);
}

const notANumber = (token: string) => `holds '${token.length > 40 ? `${token.slice(0, 40)}…` : token}', which is not a number`;

/** Row-major cells: each is a whole series (Ludwig's default layout). */
function parseRowMajor(values: readonly (string | null)[], ctx: FeatureContext<'timeseries'>): ParsedSeries {
  const n = values.length;
  const missing = new Uint8Array(n);
  const series = new Array<number[] | null>(n).fill(null);
  let longest = 0;
  for (let p = 0; p < n; p++) {
    const cell = values[p];
    if (cell === null) {
      missing[p] = 1;
      continue;
    }
    const parsed = parseSeries(cell, ctx.preprocessing.tokenizer);
    if (!Array.isArray(parsed)) {
      badCell(ctx, p, notANumber(parsed.bad));
      missing[p] = 1;
      continue;
    }
    // An empty series is a missing value: missing_value_strategy decides (outputs drop the row).
    if (parsed.length === 0) {
      missing[p] = 1;
      continue;
    }
    series[p] = parsed;
    longest = Math.max(longest, parsed.length);
  }
  return { values, missing, series, longest, unreadable: 0 };
}

/**
 * Column-major cells (Ludwig's `window_size` / `horizon`): one number per row, in table order. An
 * input's series is the `window_size` values ending at its row (Ludwig's time-delay embedding,
 * steps before the first row are NaN → padding_value); an output's the `horizon` values after its
 * row. A target that runs past the last row or has a missing step is missing (outputs drop it
 * by default: a padded target would teach the model to forecast padding). At prediction a cell
 * holding a whole series is taken as the window itself (its last window_size values, padded
 * before when shorter), so one request row can carry its history.
 */
function parseColumnMajor(cells: readonly (string | null)[], ctx: FeatureContext<'timeseries'>, metadata: TimeseriesMetadata | undefined): ParsedSeries {
  const p = ctx.preprocessing;
  const window = windowOf(p);
  const horizon = horizonOf(p);
  const rows = ctx.tableRows;
  const n = rows.length;
  const total = cells.length;
  if (ctx.mode === 'training' && horizon > 0 && horizon >= total) {
    throw new OvertureError('invalid_data', `Timeseries feature '${ctx.name}': horizon ${horizon} needs more than ${horizon} rows of column '${ctx.column}' (one to forecast from), and the table has ${total}.`, [
      { path: `${ctx.name}.preprocessing.horizon`, message: `at most ${Math.max(total - 1, 0)} for this table` },
    ]);
  }
  if (ctx.mode === 'training' && window > total) {
    throw new OvertureError('invalid_data', `Timeseries feature '${ctx.name}': window_size ${window} is longer than column '${ctx.column}' (${total} rows), so no row has a full window.`, [
      { path: `${ctx.name}.preprocessing.window_size`, message: `at most ${total} for this table` },
    ]);
  }
  // Every table value once (a row's window reads its neighbours, sampled or not).
  const numbers = new Float64Array(total);
  const wholeSeries = new Map<number, number[]>();
  const rowOfTable = new Int32Array(total).fill(-1);
  for (let q = 0; q < n; q++) rowOfTable[rows[q]] = q;
  for (let r = 0; r < total; r++) {
    const cell = cells[r];
    if (cell === null || cell.trim() === '') {
      numbers[r] = Number.NaN;
      continue;
    }
    const parsed = parseSeries(cell, p.tokenizer);
    if (Array.isArray(parsed) && parsed.length === 1) numbers[r] = parsed[0];
    else if (Array.isArray(parsed) && parsed.length > 1 && ctx.mode === 'prediction') {
      wholeSeries.set(r, parsed);
      numbers[r] = parsed[parsed.length - 1];
    } else {
      numbers[r] = Number.NaN;
      const position = rowOfTable[r];
      const problem = !Array.isArray(parsed) ? notANumber(parsed.bad) : `holds ${parsed.length} numbers; with ${window > 0 ? 'window_size' : 'horizon'} set each row holds one observation`;
      if (ctx.mode === 'training') {
        throw new OvertureError('invalid_data', `Timeseries feature '${ctx.name}': row ${r + 1} of column '${ctx.column}' ${problem}.`, [
          { path: ctx.column, line: r + 1, message: problem },
        ]);
      }
      // A forecast target that cannot be read at prediction is only missing: the column is usually
      // the input's own history too, whose preprocessing reports the problem.
      if (position >= 0 && ctx.role === 'input') ctx.rowError(position, `'${ctx.column}' ${problem}.`);
    }
  }
  const length = metadata?.max_timeseries_length ?? (window > 0 ? window : horizon);
  // A window's missing steps are padding (Ludwig); only a target can be missing.
  const values = gatherCells(cells, ctx);
  const missing = new Uint8Array(n);
  const series = new Array<number[] | null>(n).fill(null);
  for (let q = 0; q < n; q++) {
    const r = rows[q];
    const whole = wholeSeries.get(r);
    if (whole && window > 0) {
      // The window ends at the series' last value, as a training window ends at its row.
      const recent = whole.slice(-length);
      series[q] = [...new Array<number>(length - recent.length).fill(Number.NaN), ...recent];
      continue;
    }
    const out = new Array<number>(length);
    if (window > 0) {
      for (let j = 0; j < length; j++) {
        const t = r - length + 1 + j;
        out[j] = t >= 0 ? numbers[t] : Number.NaN;
      }
    } else {
      for (let j = 0; j < length; j++) {
        const t = r + 1 + j;
        out[j] = t < total ? numbers[t] : Number.NaN;
        // A target step past the last row or missing: the row has no full target.
        if (Number.isNaN(out[j])) missing[q] = 1;
      }
    }
    series[q] = out;
  }
  return { values, missing, series, longest: length, unreadable: 0 };
}

/** The fill series of a missing cell: fill_value (or the training mode) read like a cell. */
function fillSeries(text: string, ctx: FeatureContext<'timeseries'>): number[] {
  const parsed = parseSeries(text, ctx.preprocessing.tokenizer);
  if (!Array.isArray(parsed)) {
    if (ctx.mode === 'training') {
      throw new OvertureError('invalid_config', `Timeseries feature '${ctx.name}': fill value ${quote(text)} is not a series of numbers (${notANumber(parsed.bad)}).`, [
        { path: `${ctx.name}.preprocessing.fill_value`, message: 'expected numbers separated as in a cell' },
      ]);
    }
    return [];
  }
  return parsed;
}

/**
 * Writes `series` into `out` (length L) as Ludwig's build_matrix does: the first L values, NaN as
 * padding_value, padded on the configured side. Returns whether the series was cut.
 */
function writePadded(series: readonly number[], out: Float32Array, padding: 'left' | 'right', padValue: number): boolean {
  const length = out.length;
  const used = Math.min(series.length, length);
  out.fill(padValue);
  const start = padding === 'right' ? 0 : length - used;
  for (let j = 0; j < used; j++) {
    const x = series[j];
    out[start + j] = Number.isNaN(x) ? padValue : x;
  }
  return series.length > length;
}

/**
 * Timeseries: float32 [rows, max_timeseries_length], Ludwig's layout. A cell with a token that is
 * not a number fails training and is a row error at prediction; a series longer than the limit is
 * cut and counted (training report; a warning per row at prediction). A forecast target whose
 * rows have different lengths fails training, since its shorter rows would teach the padding.
 */
export const timeseriesPreprocessor = {
  type: 'timeseries',

  parse(cells, ctx, metadata) {
    const p = ctx.preprocessing;
    if (windowOf(p) > 0 || horizonOf(p) > 0) return parseColumnMajor(cells, ctx, metadata);
    const parsed = parseRowMajor(gatherCells(cells, ctx), ctx);
    if (ctx.mode === 'training' && ctx.role === 'output') {
      const first = parsed.series.findIndex((s) => s !== null);
      const width = first >= 0 ? parsed.series[first]!.length : 0;
      const ragged = parsed.series.findIndex((s) => s !== null && s.length !== width);
      if (ragged >= 0) {
        const problem = `has ${parsed.series[ragged]!.length} steps where row ${dataRow(ctx, first)} has ${width}; a forecast target needs the same number of steps in every row (set preprocessing.horizon to forecast from one column of observations)`;
        throw new OvertureError('invalid_data', `Timeseries output '${ctx.name}': row ${dataRow(ctx, ragged)} of column '${ctx.column}' ${problem}.`, [
          { path: ctx.column, line: dataRow(ctx, ragged), message: problem },
        ]);
      }
    }
    return parsed;
  },

  buildMetadata(parsed, ctx, rows) {
    const p = ctx.preprocessing;
    const columnMajor = windowOf(p) > 0 || horizonOf(p) > 0;
    if (!columnMajor && parsed.longest === 0) {
      throw new OvertureError('invalid_data', `Timeseries feature '${ctx.name}': column '${ctx.column}' has no series with any numbers.`, [
        { path: ctx.column, message: 'every cell is missing or empty' },
      ]);
    }
    const fill = fillsWithMode(p.missing_value_strategy) ? (modeOfStrings(parsed.values, parsed.missing, rows) ?? p.fill_value) : p.fill_value;
    fillSeries(fill, ctx);
    const length = columnMajor ? parsed.longest : Math.min(p.timeseries_length_limit, parsed.longest);
    return { type: 'timeseries', role: ctx.role, column: ctx.column, preprocessing: p, max_timeseries_length: length, computed_fill_value: fill };
  },

  encode(parsed, ctx, metadata, kept) {
    const { series, missing } = parsed;
    const length = metadata.max_timeseries_length;
    const { padding, padding_value: padValue } = metadata.preprocessing;
    const plan = planFill(missing, 1, kept, metadata.preprocessing.missing_value_strategy);
    warnDropRowFills(ctx, missing, kept);
    const fill = fillSeries(metadata.computed_fill_value, ctx);
    const out = new Float32Array(kept.length * length);
    let truncated = 0;
    for (let k = 0; k < kept.length; k++) {
      const pos = kept[k];
      const source = !missing[pos] ? pos : plan.source[k];
      const values = source >= 0 ? series[source] ?? fill : fill;
      const cut = writePadded(values, out.subarray(k * length, (k + 1) * length), padding, padValue);
      if (cut) {
        truncated++;
        if (ctx.mode === 'prediction') ctx.warn(pos, `'${ctx.column}' has ${values.length} steps; the model reads the first ${length}.`);
      }
    }
    return { column: { dtype: 'float32', values: out, width: length }, filled: plan.filled, outliers: 0, truncated };
  },
} satisfies FeaturePreprocessor<'timeseries', ParsedSeries>;
