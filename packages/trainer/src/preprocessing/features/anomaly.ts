import { OvertureError } from '@overture/config';
import { parseNumber } from '../../data/parse-number.js';
import type { AnomalyMetadata } from '../types.js';
import { dataRow, gatherCells, quote, type FeaturePreprocessor, type ParsedColumn } from './feature-preprocessor.js';

/** The label of an unlabeled row (Ludwig's fill for an empty cell or a missing column). */
export const UNLABELED = -1;

export interface ParsedAnomalyLabels extends ParsedColumn {
  /** 0 normal, 1 anomaly, -1 unlabeled, per position. */
  labels: Float32Array;
}

/**
 * Ludwig's anomaly target (AnomalyFeatureMixin.cast_column): 0 (normal), 1 (anomaly), -1 or an
 * empty cell (unlabeled); without the column every row is unlabeled (fully unsupervised). An
 * unlabeled row is not missing: it trains (deep_svdd pulls every row toward the centre) and is
 * left out of the labeled metrics only. Other values are refused in training naming the row (a
 * score column by mistake would otherwise train as "all normal"); at prediction they are read as
 * unlabeled with a warning.
 */
export const anomalyPreprocessor = {
  type: 'anomaly',

  parse(cells, ctx) {
    const n = ctx.tableRows.length;
    const labels = new Float32Array(n).fill(UNLABELED);
    // No column: fully unsupervised (the pipeline lets an anomaly output's column be absent).
    if (cells === undefined) return { labels, missing: new Uint8Array(n), unreadable: 0 };
    const values = gatherCells(cells, ctx);
    let unreadable = 0;
    for (let p = 0; p < n; p++) {
      const cell = values[p];
      if (cell === null || cell.trim() === '') continue;
      const x = parseNumber(cell);
      if (x !== null && Number.isNaN(x)) continue; // pandas' NaN: Ludwig's fillna(-1)
      if (x === 0 || x === 1 || x === UNLABELED) {
        labels[p] = x;
        continue;
      }
      unreadable++;
      if (ctx.mode === 'training') {
        throw new OvertureError(
          'invalid_data',
          `Anomaly output '${ctx.name}': row ${dataRow(ctx, p)} of column '${ctx.column}' has ${quote(cell)}; a label is 0 (normal), 1 (anomaly) or -1 / empty (unlabeled).`,
          [{ path: ctx.column, message: `row ${dataRow(ctx, p)}: ${quote(cell)} is not 0, 1 or -1` }],
        );
      }
      ctx.warn(p, `'${ctx.column}' has ${quote(cell)}, not an anomaly label (0, 1 or -1); read as unlabeled.`);
    }
    return { labels, missing: new Uint8Array(n), unreadable };
  },

  buildMetadata(_parsed, ctx) {
    // The threshold is set after training (threshold: auto) or from the config (train.ts).
    return { type: 'anomaly', role: ctx.role, column: ctx.column, preprocessing: ctx.preprocessing, threshold: null };
  },

  encode(parsed, _ctx, _metadata, kept) {
    const out = new Float32Array(kept.length);
    for (let k = 0; k < kept.length; k++) out[k] = parsed.labels[kept[k]];
    return { column: { dtype: 'float32', values: out, width: 1 }, filled: 0, outliers: 0 };
  },
} satisfies FeaturePreprocessor<'anomaly', ParsedAnomalyLabels>;

/** Whether a metadata's anomaly threshold flags a score (null: none set yet, as Ludwig's +inf: nothing is flagged). */
export function isAnomaly(meta: Pick<AnomalyMetadata, 'threshold'>, score: number): boolean {
  return meta.threshold !== null && score >= meta.threshold;
}
