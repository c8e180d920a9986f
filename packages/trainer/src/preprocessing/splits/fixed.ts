import { OvertureError } from '@overture/config';
import { parseNumber } from '../../data/parse-number.js';
import { splitColumn, type Splitter } from './proportions.js';

const NAMED_SPLITS: Record<string, number> = {
  train: 0,
  training: 0,
  validation: 1,
  val: 1,
  valid: 1,
  test: 2,
  testing: 2,
};

/** 0/1/2 (Ludwig) or train/validation/test spellings, case-insensitive; null for anything else. */
export function readSplitValue(value: string | null): number | null {
  if (value === null) return null;
  const text = value.trim().toLowerCase();
  if (Object.hasOwn(NAMED_SPLITS, text)) return NAMED_SPLITS[text];
  const x = parseNumber(text);
  return x === 0 || x === 1 || x === 2 ? x : null;
}

/** The split named in a column of the data (default column `split`). */
export const fixedSplit: Splitter<{ type: 'fixed'; column?: string | undefined }> = (config, ctx) => {
  const column = config.column ?? 'split';
  const cells = splitColumn(ctx, column, 'fixed');
  const out = new Uint8Array(ctx.rows.length);
  const bad: string[] = [];
  let badCount = 0;
  let firstBadRow = 0;
  for (let p = 0; p < ctx.rows.length; p++) {
    const value = cells[ctx.rows[p]];
    const split = readSplitValue(value);
    if (split === null) {
      if (badCount++ === 0) firstBadRow = ctx.rows[p] + 1;
      if (bad.length < 5) bad.push(`row ${ctx.rows[p] + 1} (${value === null ? 'missing' : `'${value}'`})`);
    } else out[p] = split;
  }
  if (badCount > 0) {
    throw new OvertureError(
      'invalid_data',
      `Split column '${column}' has ${badCount} value${badCount === 1 ? '' : 's'} that name no split: ${bad.join(', ')}${badCount > bad.length ? ', …' : ''}. ` +
        'Use 0/1/2 or train/validation/test (also training, val, valid).',
      [{ path: column, line: firstBadRow, message: `${badCount} invalid split values` }],
    );
  }
  return out;
};
