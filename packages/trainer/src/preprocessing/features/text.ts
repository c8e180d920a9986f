import { OvertureError } from '@overture/config';
import type { TextPreprocessing } from '../config-view.js';
import { fillsWithMode, modeOfStrings, planFill } from '../missing-values.js';
import { TextSequenceEncoder } from '../text/text-encoding.js';
import { TextVocabularyBuilder, textTokenizer } from '../text/text-vocabulary.js';
import type { MetadataByType, TextMetadata } from '../types.js';
import type { DecodedTextEmbeddings, PretrainedTextMetadata } from '../pretrained/decoded-embeddings.js';
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
      if (type === 'text' && ctx.textEmbeddings) return pretrainedMetadata(parsed, ctx as FeatureContext<'text'>, ctx.textEmbeddings, fill) as MetadataByType[T];
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
      if (metadata.type === 'text' && metadata.pretrained) return encodeEmbeddings(parsed, ctx as FeatureContext<'text'>, metadata, kept);
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

/**
 * A pretrained encoder's input (bert, …): no vocabulary of our own (the model's tokenizer.json has
 * it); the metadata keeps how the frozen encoder was run and the fill value's embedding.
 */
function pretrainedMetadata(parsed: ParsedStrings, ctx: FeatureContext<'text'>, decoded: DecodedTextEmbeddings, fill: string): TextMetadata {
  const p = ctx.preprocessing;
  const h = decoded.hidden;
  let fillEmbedding = fill === p.fill_value ? decoded.fill : null;
  if (fillEmbedding === null) {
    // The mode is one of the column's texts: its embedding is that row's.
    const pos = parsed.values.findIndex((v, k) => v === fill && !parsed.missing[k]);
    const row = pos >= 0 ? ctx.tableRows[pos] : -1;
    fillEmbedding = row >= 0 ? decoded.embeddings.slice(row * h, (row + 1) * h) : new Float32Array(h);
  }
  const length = decoded.plan.max_sequence_length;
  return {
    type: 'text', role: ctx.role, column: ctx.column, preprocessing: p,
    idx2str: [], str2idx: {}, str2freq: {}, str2idf: null, vocab_size: 0, max_sequence_length: length, max_sequence_length_99ptile: length,
    pad_idx: 0, padding_symbol: p.padding_symbol, unknown_symbol: p.unknown_symbol, computed_fill_value: fill,
    pretrained: { ...decoded.plan, hidden_size: h, fill_embedding: Array.from(fillEmbedding) },
  };
}

/** The frozen encoder's embedding of each kept row (hidden_size floats), missing ones filled by the strategy. */
function encodeEmbeddings(parsed: ParsedStrings, ctx: FeatureContext<'text'>, metadata: TextMetadata, kept: Int32Array): EncodeResult {
  const pretrained = metadata.pretrained as PretrainedTextMetadata;
  const decoded = ctx.textEmbeddings;
  // A column of missing cells needs no encoder (serving's occlusion baseline is one): every row is the fill.
  if (!decoded && kept.some((pos) => !parsed.missing[pos])) {
    throw new OvertureError('internal', `Text feature '${ctx.name}' was not run through its pretrained encoder before preprocessing (decodeMediaInputs runs first).`);
  }
  const h = pretrained.hidden_size;
  const plan = planFill(parsed.missing, 1, kept, metadata.preprocessing.missing_value_strategy);
  warnDropRowFills(ctx, parsed.missing, kept);
  const out = new Float32Array(kept.length * h);
  for (let k = 0; k < kept.length; k++) {
    const pos = kept[k];
    const source = !parsed.missing[pos] ? pos : plan.source[k];
    if (source >= 0 && decoded) {
      const row = ctx.tableRows[source];
      out.set(decoded.embeddings.subarray(row * h, (row + 1) * h), k * h);
    } else out.set(pretrained.fill_embedding, k * h);
  }
  return { column: { dtype: 'float32', values: out, width: h }, filled: plan.filled, outliers: 0, truncated: 0 };
}

export const textPreprocessor = tokenSequencePreprocessor('text');
export const sequencePreprocessor = tokenSequencePreprocessor('sequence');
