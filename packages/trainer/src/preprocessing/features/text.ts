import { OvertureError } from '@overture/config';
import type { TextPreprocessing } from '../config-view.js';
import { fillsWithMode, modeOfStrings, planFill } from '../missing-values.js';
import { TextSequenceEncoder } from '../text/text-encoding.js';
import { TextVocabularyBuilder, textTokenizer } from '../text/text-vocabulary.js';
import type { MetadataByType } from '../types.js';
import {
  gatherCells, nullMask, warnDropRowFills, type EncodeResult, type FeatureContext, type FeaturePreprocessor, type ParsedStrings,
} from './feature-preprocessor.js';

/** The vocab_file reader training gave; building a vocabulary anywhere else is a programming error. */
function readVocabularyFile(ctx: FeatureContext<'text' | 'sequence'>): (path: string, featureName: string) => string[] {
  if (!ctx.readVocabularyFile) throw new OvertureError('internal', `Feature '${ctx.name}': its vocab_file can only be read while preprocessing for training.`);
  return ctx.readVocabularyFile;
}

/** The fill value as tokens: the unknown symbol stays one token whatever the tokenizer. */
function fillTokens(fill: string, p: TextPreprocessing, featureName: string): string[] {
  return fill === p.unknown_symbol ? [p.unknown_symbol] : textTokenizer(p, featureName)(fill);
}

/**
 * Text and sequence: a vocabulary of the tokens of every kept row (Ludwig builds it on the whole
 * dataset), one row tokenized at a time. Encoded as the tf-idf vector (float32 width vocab_size)
 * when the feature computes idf (text's tf_idf encoder), else as padded token ids (int32 width
 * max_sequence_length) for sequence encoders. The two types differ only in their default tokenizer
 * (a config matter), so one implementation serves both.
 */
function tokenSequencePreprocessor<T extends 'text' | 'sequence'>(type: T) {
  return {
    type,

    parse(cells, ctx) {
      // Tokenizer names are checked here so a bad one fails before any counting.
      textTokenizer(ctx.preprocessing, ctx.name);
      const values = gatherCells(cells, ctx);
      return { values, missing: nullMask(values, ctx.tableRows.length), unreadable: 0 };
    },

    buildMetadata(parsed, ctx, rows) {
      const p = ctx.preprocessing;
      const { values, missing } = parsed;
      const fill = fillsWithMode(p.missing_value_strategy) ? (modeOfStrings(values, missing, rows) ?? p.fill_value) : p.fill_value;
      const vocabFile = p.vocab_file === null ? undefined : readVocabularyFile(ctx)(p.vocab_file, ctx.name);
      const builder = new TextVocabularyBuilder(p, ctx.name, vocabFile);
      let missingCount = 0;
      for (let k = 0; k < rows.kept.length; k++) {
        const pos = rows.kept[k];
        if (missing[pos]) missingCount++;
        else builder.addText(values[pos] as string);
      }
      if (missingCount > 0) builder.addTokens(fillTokens(fill, p, ctx.name), missingCount);
      const { truncated_rows: _truncated, ...vocabulary } = builder.finish();
      return { type, role: ctx.role, column: ctx.column, preprocessing: p, ...vocabulary, computed_fill_value: fill } as MetadataByType[T];
    },

    encode(parsed, ctx, metadata, kept) {
      const p = metadata.preprocessing;
      const encoder = new TextSequenceEncoder(metadata, textTokenizer(p, ctx.name), p.padding);
      const { values, missing } = parsed;
      const plan = planFill(missing, 1, kept, p.missing_value_strategy);
      warnDropRowFills(ctx, missing, kept);
      const fill = fillTokens(metadata.computed_fill_value, p, ctx.name);
      const tfidf = p.compute_idf;
      const width = tfidf ? encoder.vocabSize : encoder.length;
      const out = tfidf ? new Float32Array(kept.length * width) : new Int32Array(kept.length * width);
      let truncated = 0;
      for (let k = 0; k < kept.length; k++) {
        const pos = kept[k];
        const source = !missing[pos] ? pos : plan.source[k];
        const text = source >= 0 ? (values[source] as string) : '';
        const tokens = source >= 0 ? undefined : fill;
        const stats = tfidf
          ? encoder.tfidfInto(text, out as Float32Array, k * width, tokens)
          : encoder.encodeInto(text, out as Int32Array, k * width, tokens);
        if (stats.truncated) truncated++;
      }
      const column = tfidf
        ? { dtype: 'float32' as const, values: out as Float32Array, width }
        : { dtype: 'int32' as const, values: out as Int32Array, width };
      return { column, filled: plan.filled, outliers: 0, truncated } satisfies EncodeResult;
    },
  } satisfies FeaturePreprocessor<T, ParsedStrings>;
}

export const textPreprocessor = tokenSequencePreprocessor('text');
export const sequencePreprocessor = tokenSequencePreprocessor('sequence');
