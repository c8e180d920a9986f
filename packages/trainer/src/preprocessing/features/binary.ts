import { OvertureError } from '@overture/config';
import type { BinaryPreprocessing } from '../config-view.js';
import { fillsWithMode, modeOfStrings, planFill } from '../missing-values.js';
import type { BinaryMetadata } from '../types.js';
import { gatherCells, nullMask, quote, warnDropRowFills, type FeaturePreprocessor, type ParsedStrings } from './feature-preprocessor.js';

// Ludwig's BOOL_TRUE_STRS / BOOL_FALSE_STRS, plus on/off.
const TRUE_STRINGS = new Set(['true', 't', 'yes', 'y', '1', '1.0', 'on']);
const FALSE_STRINGS = new Set(['false', 'f', 'no', 'n', '0', '0.0', '-1', '-1.0', 'off']);

/** true/false for a conventional boolean spelling (case-insensitive), otherwise null. */
export function conventionalBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (TRUE_STRINGS.has(v)) return true;
  if (FALSE_STRINGS.has(v)) return false;
  return null;
}

/** Reads a value with the training mapping: seen values, then conventional spellings, then the true label. */
function readBoolean(value: string, metadata: Pick<BinaryMetadata, 'str2bool' | 'fallback_true_label'>): boolean {
  if (Object.hasOwn(metadata.str2bool, value)) return metadata.str2bool[value];
  return conventionalBoolean(value) ?? value === metadata.fallback_true_label;
}

function fillBoolean(p: BinaryPreprocessing, mode: string | null, read: (v: string) => boolean): boolean {
  switch (p.missing_value_strategy) {
    case 'fill_with_true':
      return true;
    case 'fill_with_false':
      return false;
    case 'fill_with_const': {
      const v = p.fill_value;
      if (v === null) return false;
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v >= 0.5;
      return read(v);
    }
    default:
      return fillsWithMode(p.missing_value_strategy) && mode !== null ? read(mode) : false;
  }
}

const sortStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Binary: float32 width 1 with values 0/1. Conventional spellings (true/false, yes/no, y/n, t/f,
 * 1/0, on/off, any case) map directly; otherwise the column must have exactly two distinct values,
 * and the true one is `fallback_true_label` or else the second in sorted order.
 */
export const binaryPreprocessor = {
  type: 'binary',

  parse(cells, ctx) {
    const values = gatherCells(cells, ctx);
    return { values, missing: nullMask(values, ctx.tableRows.length), unreadable: 0 };
  },

  buildMetadata(parsed, ctx, rows) {
    const p = ctx.preprocessing;
    const counts = new Map<string, number>();
    for (let k = 0; k < rows.kept.length; k++) {
      const pos = rows.kept[k];
      if (parsed.missing[pos]) continue;
      const v = parsed.values[pos] as string;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const distinct = [...counts.keys()].sort(sortStrings);
    const conventional = distinct.every((v) => conventionalBoolean(v) !== null);
    if (!conventional && distinct.length > 2) {
      const shown = distinct.slice(0, 10).map((v) => `'${v}'`).join(', ');
      throw new OvertureError(
        'invalid_data',
        `Column '${ctx.column}' of binary feature '${ctx.name}' has ${distinct.length} distinct values: ${shown}${distinct.length > 10 ? ', …' : ''}. ` +
          'A binary feature needs two values (or true/false spellings); use type: category for more classes.',
        [{ path: ctx.column, message: `${distinct.length} distinct values`, suggestion: 'category' }],
      );
    }
    // Ludwig (binary_feature.py) takes the first of the sorted values as true when none is configured.
    const fallback = p.fallback_true_label ?? (conventional ? null : (distinct[0] ?? null));
    const str2bool: Record<string, boolean> = {};
    for (const v of distinct) {
      Object.defineProperty(str2bool, v, {
        value: conventionalBoolean(v) ?? v === fallback,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    // The label shown for each class: the most frequent value read as it (ties: sorted order).
    const label = (b: boolean, otherwise: string) => {
      let best: string | null = null;
      for (const v of distinct) if (str2bool[v] === b && (best === null || (counts.get(v) as number) > (counts.get(best) as number))) best = v;
      return best ?? otherwise;
    };
    const bool2str: [string, string] = [label(false, 'false'), label(true, 'true')];
    const meta = { str2bool, fallback_true_label: fallback };
    const mode = modeOfStrings(parsed.values, parsed.missing, rows);
    return {
      type: 'binary',
      role: ctx.role,
      column: ctx.column,
      preprocessing: p,
      ...meta,
      bool2str,
      computed_fill_value: fillBoolean(p, mode, (v) => readBoolean(v, meta)),
    };
  },

  encode(parsed, ctx, metadata, kept) {
    const { values, missing } = parsed;
    const known = new Map<string, number>(Object.entries(metadata.str2bool).map(([k, b]) => [k, b ? 1 : 0]));
    const plan = planFill(missing, 1, kept, metadata.preprocessing.missing_value_strategy);
    warnDropRowFills(ctx, missing, kept);
    const read = (pos: number): number => {
      const v = values[pos] as string;
      const b = known.get(v);
      if (b !== undefined) return b;
      const guess = readBoolean(v, metadata);
      if (ctx.mode === 'prediction' && conventionalBoolean(v) === null) {
        ctx.warn(pos, `'${ctx.column}' has the value ${quote(v)}, not seen in training; read as ${guess}.`);
      }
      return guess ? 1 : 0;
    };
    const fill = metadata.computed_fill_value ? 1 : 0;
    const out = new Float32Array(kept.length);
    for (let k = 0; k < kept.length; k++) {
      const pos = kept[k];
      if (!missing[pos]) out[k] = read(pos);
      else out[k] = plan.source[k] >= 0 ? read(plan.source[k]) : fill;
    }
    return { column: { dtype: 'float32', values: out, width: 1 }, filled: plan.filled, outliers: 0 };
  },
} satisfies FeaturePreprocessor<'binary', ParsedStrings>;
