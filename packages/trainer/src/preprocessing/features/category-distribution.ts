import { OvertureError } from '@overture/config';
import { encodeFixedWidthRows, fillsWithMode, modeOfStrings } from '../missing-values.js';
import type { CategoryDistributionMetadata } from '../types.js';
import { dataRow, gatherCells, quote, warnDropRowFills, type FeatureContext, type FeaturePreprocessor, type ParsedColumn } from './feature-preprocessor.js';
import { parseVectorText } from './vector.js';

/**
 * How far a row's sum may be from 1 and still be read as a distribution (then rescaled to sum
 * to 1). Ludwig reads the cells as plain vectors and checks nothing: torch's CrossEntropyLoss
 * then scales a row's loss by its sum and roc_auc sees "probabilities" that are not. We refuse
 * rows further off instead of renormalising them silently: a row of counts or of scores in
 * another scale is a data mistake the user should see. The slack lets printed values such as
 * "0.33 0.33 0.33" (sum 0.99) through.
 */
export const DISTRIBUTION_SUM_TOLERANCE = 0.02;

export interface ParsedDistributions extends ParsedColumn {
  values: readonly (string | null)[];
  /** Row-major [positions, vocab size], each present row summing to 1. */
  distributions: Float32Array;
}

function vocabOf(ctx: FeatureContext<'category_distribution'>): string[] {
  const vocab = ctx.preprocessing.vocab as string[] | undefined;
  if (!Array.isArray(vocab) || vocab.length < 2) {
    throw new OvertureError(
      'invalid_config',
      `Category distribution feature '${ctx.name}': preprocessing.vocab must list the class names (two or more), in the order of the probabilities in each cell.`,
      [{ path: `${ctx.name}.preprocessing.vocab`, message: 'required' }],
    );
  }
  return vocab;
}

/** The distribution of one cell, or what is wrong with it (for a message that names the row). */
export function readDistribution(text: string, size: number): { values: Float32Array } | { problem: string } {
  const numbers = parseVectorText(text);
  if (numbers === null) return { problem: `is not a list of numbers (${quote(text)})` };
  if (numbers.length !== size) return { problem: `has ${numbers.length} values, expected ${size} (one probability per class of preprocessing.vocab)` };
  let sum = 0;
  for (let c = 0; c < size; c++) {
    const x = numbers[c];
    if (!Number.isFinite(x)) return { problem: `has a value that is not finite (${quote(text)})` };
    if (x < 0) return { problem: `has a negative probability ${x} (class ${c + 1})` };
    sum += x;
  }
  if (Math.abs(sum - 1) > DISTRIBUTION_SUM_TOLERANCE) return { problem: `sums to ${Number(sum.toPrecision(6))}, not 1 (a distribution over the classes)` };
  const values = new Float32Array(size);
  for (let c = 0; c < size; c++) values[c] = numbers[c] / sum;
  return { values };
}

/**
 * category_distribution (output only, Ludwig's CategoryDistributionFeatureMixin): each cell is one
 * probability per class of `preprocessing.vocab`, whitespace-separated; encoded as float32 of width
 * vocab size. A malformed row fails training naming the row; at prediction (evaluate) it is a row error.
 */
export const categoryDistributionPreprocessor = {
  type: 'category_distribution',

  parse(cells, ctx, metadata) {
    const size = metadata?.vocab_size ?? vocabOf(ctx).length;
    const values = gatherCells(cells, ctx);
    const n = ctx.tableRows.length;
    const missing = new Uint8Array(n);
    const distributions = new Float32Array(n * size);
    for (let p = 0; p < n; p++) {
      const cell = values[p];
      if (cell === null || cell.trim() === '') {
        missing[p] = 1;
        continue;
      }
      const read = readDistribution(cell, size);
      if ('problem' in read) {
        if (ctx.mode === 'training') {
          throw new OvertureError('invalid_data', `Category distribution feature '${ctx.name}': row ${dataRow(ctx, p)} of column '${ctx.column}' ${read.problem}.`, [
            { path: ctx.column, line: dataRow(ctx, p), message: read.problem },
          ]);
        }
        ctx.rowError(p, `'${ctx.column}' ${read.problem}.`);
        missing[p] = 1;
        continue;
      }
      distributions.set(read.values, p * size);
    }
    return { values, missing, distributions, unreadable: 0 };
  },

  buildMetadata(parsed, ctx, rows) {
    const p = ctx.preprocessing;
    const idx2str = [...vocabOf(ctx)];
    const fill = fillsWithMode(p.missing_value_strategy) ? (modeOfStrings(parsed.values, parsed.missing, rows) ?? p.fill_value) : p.fill_value;
    if (p.missing_value_strategy === 'fill_with_const') fillDistribution(fill, idx2str.length, ctx);
    return {
      type: 'category_distribution',
      role: ctx.role,
      column: ctx.column,
      preprocessing: p,
      idx2str,
      str2idx: Object.fromEntries(idx2str.map((s, i) => [s, i])),
      vocab_size: idx2str.length,
      computed_fill_value: fill,
    };
  },

  encode(parsed, ctx, metadata, kept) {
    const { distributions, missing } = parsed;
    const w = metadata.vocab_size;
    warnDropRowFills(ctx, missing, kept);
    const fill = fillDistribution(metadata.computed_fill_value, w, ctx);
    const { values, filled } = encodeFixedWidthRows(distributions, missing, kept, w, fill, metadata.preprocessing.missing_value_strategy);
    return { column: { dtype: 'float32', values, width: w }, filled, outliers: 0 };
  },
} satisfies FeaturePreprocessor<'category_distribution', ParsedDistributions>;

/** The fill a missing row becomes: fill_value read as a distribution, else uniform (nothing known). */
function fillDistribution(text: string, size: number, ctx: FeatureContext<'category_distribution'>): Float32Array {
  if (text.trim() !== '') {
    const read = readDistribution(text, size);
    if ('values' in read) return read.values;
    if (ctx.mode === 'training') {
      throw new OvertureError('invalid_config', `Category distribution feature '${ctx.name}': fill value ${quote(text)} ${read.problem}.`, [
        { path: `${ctx.name}.preprocessing.fill_value`, message: read.problem },
      ]);
    }
  }
  return new Float32Array(size).fill(1 / size);
}
