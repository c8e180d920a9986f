import type { SetPreprocessing } from '../config-view.js';
import { fillsWithMode, modeOfStrings, planFill, type RowSelection } from '../missing-values.js';
import { getTokenizer, type Tokenizer } from '../tokenizers.js';
import type { BagMetadata, SetMetadata } from '../types.js';
import { UNKNOWN_SYMBOL, buildVocabulary, indexOfVocabulary } from '../vocabulary.js';
import { gatherCells, nullMask, warnDropRowFills, type EncodeResult, type FeatureContext, type ParsedStrings } from './feature-preprocessor.js';

/** What set and bag share: a tokenized cell and a vocabulary of its elements. */

const toLowerCase = (v: string) => v.toLowerCase();

/** The fill value as elements; `<UNK>` stays one element whatever the tokenizer. */
function tokenizeFill(fill: string, tokenize: Tokenizer): string[] {
  return fill === UNKNOWN_SYMBOL ? [UNKNOWN_SYMBOL] : tokenize(fill);
}

export function parseTokenColumn(cells: readonly (string | null)[], ctx: FeatureContext<'set' | 'bag'>): ParsedStrings {
  getTokenizer(ctx.preprocessing.tokenizer, ctx.name);
  const values = gatherCells(cells, ctx, ctx.preprocessing.lowercase ? toLowerCase : undefined);
  return { values, missing: nullMask(values, ctx.tableRows.length), unreadable: 0 };
}

export function buildTokenMetadata<T extends 'set' | 'bag'>(
  type: T,
  parsed: ParsedStrings,
  ctx: FeatureContext<T>,
  rows: RowSelection,
): SetMetadata | BagMetadata {
  const p: SetPreprocessing = ctx.preprocessing;
  const tokenize = getTokenizer(p.tokenizer, ctx.name);
  const { values, missing } = parsed;
  const fill = fillsWithMode(p.missing_value_strategy) ? (modeOfStrings(values, missing, rows) ?? p.fill_value) : p.fill_value;
  const counts = new Map<string, number>();
  let maxSize = 0;
  let missingCount = 0;
  for (let k = 0; k < rows.kept.length; k++) {
    const pos = rows.kept[k];
    if (missing[pos]) {
      missingCount++;
      continue;
    }
    const tokens = tokenize(values[pos] as string);
    if (tokens.length > maxSize) maxSize = tokens.length;
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  if (missingCount > 0) {
    const tokens = tokenizeFill(fill, tokenize);
    if (tokens.length > maxSize) maxSize = tokens.length;
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + missingCount);
  }
  const vocabulary = buildVocabulary(counts, p.most_common, ctx.role === 'input');
  return {
    type,
    role: ctx.role,
    column: ctx.column,
    preprocessing: p,
    ...vocabulary,
    max_set_size: maxSize,
    computed_fill_value: fill,
  } as SetMetadata | BagMetadata;
}

/**
 * float32 width vocab_size: 1 per element present (set) or the element's count (bag). Input
 * elements outside the vocabulary land on `<UNK>`; output elements outside it are dropped.
 */
export function encodeTokens(
  parsed: ParsedStrings,
  ctx: FeatureContext<'set' | 'bag'>,
  metadata: SetMetadata | BagMetadata,
  kept: Int32Array,
  counting: boolean,
): EncodeResult {
  const tokenize = getTokenizer(metadata.preprocessing.tokenizer, ctx.name);
  const { values, missing } = parsed;
  const index = indexOfVocabulary(metadata.idx2str);
  const width = metadata.vocab_size;
  const unseen = ctx.role === 'input' ? 0 : -1;
  const plan = planFill(missing, 1, kept, metadata.preprocessing.missing_value_strategy);
  warnDropRowFills(ctx, missing, kept);
  const fillTokens = tokenizeFill(metadata.computed_fill_value, tokenize);
  const out = new Float32Array(kept.length * width);
  for (let k = 0; k < kept.length; k++) {
    const pos = kept[k];
    let tokens: string[];
    if (!missing[pos]) tokens = tokenize(values[pos] as string);
    else if (plan.source[k] >= 0) tokens = tokenize(values[plan.source[k]] as string);
    else tokens = fillTokens;
    const base = k * width;
    for (const t of tokens) {
      const idx = index.get(t) ?? unseen;
      if (idx < 0) continue;
      if (counting) out[base + idx] += 1;
      else out[base + idx] = 1;
    }
  }
  return { column: { dtype: 'float32', values: out, width }, filled: plan.filled, outliers: 0 };
}
