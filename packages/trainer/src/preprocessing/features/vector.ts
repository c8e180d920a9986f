import { OvertureError } from '@overture/config';
import { parseNumber } from '../../data/parse-number.js';
import { encodeFixedWidthRows, fillsWithMode, modeOfStrings } from '../missing-values.js';
import {
  dataRow,
  gatherCells,
  quote,
  warnDropRowFills,
  type FeatureContext,
  type FeaturePreprocessor,
  type ParsedColumn,
} from './feature-preprocessor.js';

const WHITESPACE = /\s+/;
const WHITESPACE_OR_COMMA = /[\s,]+/;

/**
 * The numbers of a vector cell: whitespace-separated (Ludwig), or a JSON array as the JSON and
 * Parquet readers stringify lists. Null when an element is not a number.
 */
export function parseVectorText(text: string): number[] | null {
  let body = text.trim();
  let separator = WHITESPACE;
  if (body.startsWith('[') && body.endsWith(']')) {
    body = body.slice(1, -1).trim();
    separator = WHITESPACE_OR_COMMA;
  }
  if (body === '') return [];
  const parts = body.split(separator);
  const out = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const x = parseNumber(parts[i]);
    if (x === null || Number.isNaN(x)) return null;
    out[i] = x;
  }
  return out;
}

export interface ParsedVectors extends ParsedColumn {
  values: readonly (string | null)[];
  width: number;
  /** Row-major [positions, width]. */
  vectors: Float32Array;
}

function fillVector(text: string, width: number, ctx: FeatureContext<'vector'>): Float32Array {
  const numbers = parseVectorText(text);
  if (text.trim() === '' || numbers === null || numbers.length !== width) {
    if (text.trim() !== '' && ctx.mode === 'training') {
      throw new OvertureError(
        'invalid_config',
        `Vector feature '${ctx.name}': fill value ${quote(text)} is not ${width} numbers separated by spaces.`,
        [{ path: `${ctx.name}.preprocessing.fill_value`, message: `expected ${width} numbers` }],
      );
    }
    return new Float32Array(width);
  }
  return Float32Array.from(numbers);
}

/**
 * Vector: float32 width vector_size (inferred from the first non-missing value when null). A cell
 * of the wrong length fails training and is a row error at prediction.
 */
export const vectorPreprocessor = {
  type: 'vector',

  parse(cells, ctx, metadata) {
    const values = gatherCells(cells, ctx);
    const n = ctx.tableRows.length;
    const missing = new Uint8Array(n);
    let width = metadata?.vector_size ?? ctx.preprocessing.vector_size ?? -1;
    let vectors = new Float32Array(width > 0 ? n * width : 0);
    for (let p = 0; p < n; p++) {
      const cell = values[p];
      if (cell === null) {
        missing[p] = 1;
        continue;
      }
      const numbers = parseVectorText(cell);
      if (numbers !== null && numbers.length === 0) {
        missing[p] = 1;
        continue;
      }
      if (numbers !== null && width < 0 && numbers.length > 0) {
        width = numbers.length;
        vectors = new Float32Array(n * width);
      }
      if (numbers === null || numbers.length !== width) {
        const problem =
          numbers === null
            ? `is not a list of numbers (${quote(cell)})`
            : `has ${numbers.length} values, expected ${width}${ctx.preprocessing.vector_size === null && metadata === undefined ? ' (the size of the first vector)' : ''}`;
        if (ctx.mode === 'training') {
          throw new OvertureError('invalid_data', `Vector feature '${ctx.name}': row ${dataRow(ctx, p)} of column '${ctx.column}' ${problem}.`, [
            { path: ctx.column, line: dataRow(ctx, p), message: problem },
          ]);
        }
        ctx.rowError(p, `'${ctx.column}' ${problem}.`);
        missing[p] = 1;
        continue;
      }
      vectors.set(numbers, p * width);
    }
    return { values, missing, width: Math.max(width, 0), vectors, unreadable: 0 };
  },

  buildMetadata(parsed, ctx, rows) {
    const p = ctx.preprocessing;
    const fill = fillsWithMode(p.missing_value_strategy) ? (modeOfStrings(parsed.values, parsed.missing, rows) ?? p.fill_value) : p.fill_value;
    fillVector(fill, parsed.width, ctx);
    return { type: 'vector', role: ctx.role, column: ctx.column, preprocessing: p, vector_size: parsed.width, computed_fill_value: fill };
  },

  encode(parsed, ctx, metadata, kept) {
    const { vectors, missing } = parsed;
    const w = metadata.vector_size;
    warnDropRowFills(ctx, missing, kept);
    const fill = fillVector(metadata.computed_fill_value, w, ctx);
    const { values, filled } = encodeFixedWidthRows(vectors, missing, kept, w, fill, metadata.preprocessing.missing_value_strategy);
    return { column: { dtype: 'float32', values, width: w }, filled, outliers: 0 };
  },
} satisfies FeaturePreprocessor<'vector', ParsedVectors>;
