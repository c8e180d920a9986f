import { OvertureError } from '@overture/config';
import { datePartsToEpochMs, parseDate } from '../../data/parse-date.js';
import { assignInOrder, splitColumn, type Splitter } from './proportions.js';

/** Oldest rows train, the next validate, the newest test (ties keep row order). */
export const datetimeSplit: Splitter<{
  type: 'datetime';
  column: string;
  probabilities: readonly number[];
  datetime_format?: string | null | undefined;
}> = (config, ctx) => {
  const cells = splitColumn(ctx, config.column, 'datetime');
  const n = ctx.rows.length;
  const times = new Float64Array(n);
  const bad: string[] = [];
  let badCount = 0;
  for (let p = 0; p < n; p++) {
    const value = cells[ctx.rows[p]];
    const parts = value === null ? null : parseDate(value, config.datetime_format ?? undefined);
    if (parts === null) {
      badCount++;
      if (bad.length < 5) bad.push(`row ${ctx.rows[p] + 1} (${value === null ? 'missing' : `'${value}'`})`);
    } else times[p] = datePartsToEpochMs(parts);
  }
  if (badCount > 0) {
    throw new OvertureError(
      'invalid_data',
      `The datetime split needs a date in every row of column '${config.column}', but ${badCount} ${badCount === 1 ? 'is' : 'are'} not: ${bad.join(', ')}${badCount > bad.length ? ', …' : ''}. ` +
        'Fix or remove those rows, or set preprocessing.split.datetime_format.',
      [{ path: config.column, message: `${badCount} values are not dates` }],
    );
  }
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[p] = p;
  order.sort((a, b) => times[a] - times[b] || a - b);
  const out = new Uint8Array(n);
  assignInOrder(order, config.probabilities, out);
  return out;
};
