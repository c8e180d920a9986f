import type { FeatureContext } from '../features/feature-preprocessor.js';

/** What a decoded media column (images, audio) says of each table row. */
export interface DecodedStatuses {
  status: Uint8Array;
  problems: Map<number, string>;
}

export interface StatusCodes {
  decoded: number;
  unreadable: number;
  refused: number;
}

export interface MediaRows {
  /** Table row of each position. */
  rows: Int32Array;
  missing: Uint8Array;
  unreadable: number;
  /** Up to 5 unreadable rows with the reason, for the report (training). */
  examples: { row: number; message: string }[];
}

/**
 * The same rules for every media column: a cell that could not be read is missing (its
 * missing-value strategy applies) and reported in training, a row error at prediction; a path the
 * caller may not read stops training (by `refuse`), since silently dropping it would hide a leak.
 */
export function mediaRows(decoded: DecodedStatuses, ctx: FeatureContext, codes: StatusCodes, refuse: (column: string, row: number, error: Error) => Error): MediaRows {
  const rows = ctx.tableRows;
  const n = rows.length;
  const missing = new Uint8Array(n);
  const examples: MediaRows['examples'] = [];
  let unreadable = 0;
  for (let p = 0; p < n; p++) {
    const status = decoded.status[rows[p]];
    if (status === codes.decoded) continue;
    missing[p] = 1;
    if (status !== codes.unreadable && status !== codes.refused) continue;
    const problem = decoded.problems.get(rows[p]) ?? 'cannot be read';
    if (ctx.mode === 'prediction') {
      ctx.rowError(p, `'${ctx.column}' ${problem}.`);
      continue;
    }
    if (status === codes.refused) throw refuse(ctx.column, rows[p], new Error(problem));
    unreadable++;
    if (examples.length < 5) examples.push({ row: rows[p] + 1, message: problem });
  }
  return { rows, missing, unreadable, examples };
}
