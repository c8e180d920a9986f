import { z } from 'zod';
import { doc } from '../common.js';
import { isPretrainedTextEncoder, ZTextEncoder } from '../encoders/index.js';
import { inputFeatureBase, missingValueStrategies, missingValueStrategyField } from './base.js';
import { lowercaseField, unknownFillValueField } from './category.js';
import { tokenizerNameField, type TextTokenizer } from './text-tokenizers.js';

/** Ludwig's special symbols (strings_utils): their defaults and fixed positions 0–3 in a vocabulary. */
export const STOP_SYMBOL = '<EOS>';
export const START_SYMBOL = '<SOS>';
export const PADDING_SYMBOL = '<PAD>';
export const UNKNOWN_SYMBOL = '<UNK>';

/**
 * The preprocessing of a token sequence (Ludwig `BaseTextPreprocessingConfig`,
 * `SequencePreprocessingConfig`); text and sequence differ in the default tokenizer only.
 */
export function sequencePreprocessingShape(role: 'input' | 'output', tokenizer: TextTokenizer) {
  return {
    tokenizer: tokenizerNameField(tokenizer),
    vocab_file: doc(
      z.string().min(1).nullable().default(null),
      'Path of a UTF-8 file with the vocabulary, one token a line (the text before the first tab or space). Replaces the vocabulary built from the data.',
    ),
    sequence_length: doc(
      z.number().int().positive().nullable().default(null),
      'Fixed length (tokens, with start and stop symbols) of every sequence: longer ones are truncated, shorter ones padded. Null: from the data, capped by max_sequence_length.',
    ),
    max_sequence_length: doc(
      z.number().int().positive().nullable().default(256),
      'Longest sequence kept (tokens, with start and stop symbols); longer ones are truncated and counted in the preprocessing report. Null: the longest in the training data.',
      { commonly_used: true, suggested_values: [32, 64, 128, 256, 512] },
    ),
    most_common: doc(
      z.number().int().positive().default(20000),
      'Maximum vocabulary size (besides the special symbols); rarer tokens become the unknown symbol.',
      { commonly_used: true, suggested_values: [1000, 5000, 20000] },
    ),
    padding_symbol: doc(z.string().min(1).default(PADDING_SYMBOL), 'Token that pads sequences shorter than the sequence length.'),
    unknown_symbol: doc(z.string().min(1).default(UNKNOWN_SYMBOL), 'Token that stands for a token outside the vocabulary.'),
    padding: doc(z.enum(['left', 'right']).default('right'), 'Which side of a short sequence is padded.'),
    lowercase: lowercaseField(),
    missing_value_strategy: missingValueStrategyField(missingValueStrategies, role === 'input' ? 'fill_with_const' : 'drop_row'),
    fill_value: unknownFillValueField(),
    computed_fill_value: doc(z.string().default(UNKNOWN_SYMBOL), 'Set by preprocessing (Ludwig keeps it in the config); a value written here is replaced.'),
    ngram_size: doc(z.number().int().positive().default(2), 'Longest n-gram the ngram tokenizer adds after the single words (2 = bigrams).'),
    cache_encoder_embeddings: doc(
      z.boolean().default(false),
      'Ludwig: compute a frozen encoder\'s embeddings once in preprocessing. Overture always does so for its frozen pretrained encoders (bert, …), whatever this says; other encoders have nothing to cache.',
    ),
    compute_idf: doc(
      z.boolean().default(false),
      'Compute inverse document frequencies over the training data (set by the tf_idf encoder, internal in Ludwig).',
    ),
    pretrained_model_name_or_path: doc(
      z.string().nullable().default(null).refine((name) => name === null, {
        message: 'pretrained_model_name_or_path names a pretrained tokenizer (a Ludwig HuggingFace option) that Overture uses only for text inputs with a pretrained encoder (bert, …); remove it',
      }),
      'A pretrained tokenizer (Ludwig: a HuggingFace name); only text inputs with a pretrained encoder have one.',
    ),
  };
}

/** A text input's preprocessing: its pretrained tokenizer is set from a pretrained encoder. */
const textInputPreprocessingShape = {
  ...sequencePreprocessingShape('input', 'space_punct'),
  pretrained_model_name_or_path: doc(
      z.string().min(1).nullable().default(null),
      'Set from a pretrained encoder (bert, auto_transformer, …; Ludwig sets it the same way): the tokenizer is that model\'s tokenizer.json. With any other encoder it must stay null.',
  ),
};

export const ZTextPreprocessing = z.strictObject(textInputPreprocessingShape);
export type TextPreprocessing = z.output<typeof ZTextPreprocessing>;
export const ZTextOutputPreprocessing = z.strictObject(sequencePreprocessingShape('output', 'space_punct'));

/**
 * A text input: Ludwig's default `parallel_cnn`, `embed`, `stacked_cnn`, `stacked_parallel_cnn` or
 * `tf_idf`; Ludwig's other text encoders parse and are refused by validation by name.
 */
export const ZTextInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('text'),
  encoder: ZTextEncoder.prefault({ type: 'parallel_cnn' }),
  preprocessing: ZTextPreprocessing.prefault({}),
}).superRefine((feature, ctx) => {
  // The pretrained tokenizer is the pretrained encoder's: it exists only with one, and only that one.
  const named = feature.preprocessing.pretrained_model_name_or_path;
  if (named === null) return;
  const encoder = feature.encoder as { type: string; pretrained_model_name_or_path?: string | null };
  const message = !isPretrainedTextEncoder(encoder.type)
    ? `pretrained_model_name_or_path names a pretrained tokenizer, which Overture uses only with a pretrained encoder (bert, auto_transformer, …), not '${encoder.type}'; remove it`
    : encoder.pretrained_model_name_or_path !== null && encoder.pretrained_model_name_or_path !== named
      ? `'${named}' differs from the encoder's pretrained_model_name_or_path '${encoder.pretrained_model_name_or_path}'; the tokenizer is the encoder's, so set the name on the encoder only`
      : null;
  if (message) ctx.addIssue({ code: 'custom', path: ['preprocessing', 'pretrained_model_name_or_path'], message });
});

/**
 * Ludwig sets `compute_idf` for the tf_idf encoder and only for it (it is internal there): with idf
 * the column becomes tf-idf vectors, without it padded token ids, which every other encoder reads.
 */
export function withEncoderPreprocessing<F extends { type: string; encoder?: unknown; preprocessing?: unknown }>(feature: F): F {
  // A sequence feature has no tf_idf encoder: its column is always token ids.
  if (feature.type !== 'text' && feature.type !== 'sequence') return feature;
  const encoder = feature.encoder as { type?: string; pretrained_model_name_or_path?: string | null } | undefined;
  const computeIdf = encoder?.type === 'tf_idf';
  // Ludwig's set_fixed_preprocessing_params: a pretrained encoder's model names the tokenizer.
  const pretrained = feature.type === 'text' && isPretrainedTextEncoder(encoder?.type) ? (encoder?.pretrained_model_name_or_path ?? null) : null;
  const preprocessing = { ...(feature.preprocessing as object), compute_idf: computeIdf } as Record<string, unknown>;
  if (pretrained !== null) preprocessing.pretrained_model_name_or_path = pretrained;
  return { ...feature, preprocessing };
}
