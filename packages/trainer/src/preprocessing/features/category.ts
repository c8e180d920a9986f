import { OvertureError } from '@overture/config';
import { fillsWithMode, modeOfStrings, planFill } from '../missing-values.js';
import { buildVocabulary, indexOfVocabulary } from '../vocabulary.js';
import {
  gatherCells,
  nullMask,
  quote,
  warnDropRowFills,
  type FeaturePreprocessor,
  type ParsedStrings,
} from './feature-preprocessor.js';

const toLowerCase = (v: string) => v.toLowerCase();

/**
 * Category: int32 width 1, the index into `idx2str`. Input vocabularies start with `<UNK>`, which
 * takes unseen and rare values; output vocabularies have no `<UNK>` (index 0 is the most frequent
 * class). The vocabulary counts every kept row (as Ludwig), including the values missing cells
 * are filled with.
 */
export const categoryPreprocessor = {
  type: 'category',

  parse(cells, ctx) {
    const values = gatherCells(cells, ctx, ctx.preprocessing.lowercase ? toLowerCase : undefined);
    return { values, missing: nullMask(values, ctx.tableRows.length), unreadable: 0 };
  },

  buildMetadata(parsed, ctx, rows) {
    const p = ctx.preprocessing;
    const { values, missing } = parsed;
    const fill = fillsWithMode(p.missing_value_strategy) ? (modeOfStrings(values, missing, rows) ?? p.fill_value) : p.fill_value;
    const counts = new Map<string, number>();
    let missingCount = 0;
    for (let k = 0; k < rows.kept.length; k++) {
      const pos = rows.kept[k];
      if (missing[pos]) {
        missingCount++;
        continue;
      }
      const v = values[pos] as string;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    if (missingCount > 0) counts.set(fill, (counts.get(fill) ?? 0) + missingCount);
    const vocabulary = buildVocabulary(counts, p.most_common, ctx.role === 'input');
    if (ctx.role === 'output' && counts.size > vocabulary.vocab_size) {
      throw new OvertureError(
        'invalid_config',
        `Output '${ctx.name}' has ${counts.size} distinct values, more than preprocessing.most_common (${p.most_common}), so some labels could never be predicted. Raise most_common, or use type: text for free text.`,
        [{ path: `${ctx.name}.preprocessing.most_common`, message: `${counts.size} distinct values` }],
      );
    }
    return { type: 'category', role: ctx.role, column: ctx.column, preprocessing: p, ...vocabulary, computed_fill_value: fill };
  },

  encode(parsed, ctx, metadata, kept) {
    const { values, missing } = parsed;
    const index = indexOfVocabulary(metadata.idx2str);
    const plan = planFill(missing, 1, kept, metadata.preprocessing.missing_value_strategy);
    warnDropRowFills(ctx, missing, kept);
    // Inputs map unseen values to <UNK> (0); an output label never seen in training has no index (-1).
    const unseen = ctx.role === 'input' ? 0 : -1;
    const fillIndex = index.get(metadata.computed_fill_value) ?? unseen;
    const out = new Int32Array(kept.length);
    for (let k = 0; k < kept.length; k++) {
      const pos = kept[k];
      if (missing[pos]) {
        const source = plan.source[k];
        out[k] = source >= 0 ? (index.get(values[source] as string) ?? unseen) : fillIndex;
        continue;
      }
      const idx = index.get(values[pos] as string);
      if (idx !== undefined) out[k] = idx;
      else {
        out[k] = unseen;
        if (ctx.mode === 'prediction' && ctx.role === 'output') {
          ctx.warn(pos, `'${ctx.column}' has the label ${quote(values[pos])}, which was not seen in training.`);
        }
      }
    }
    return { column: { dtype: 'int32', values: out, width: 1 }, filled: plan.filled, outliers: 0 };
  },
} satisfies FeaturePreprocessor<'category', ParsedStrings>;

