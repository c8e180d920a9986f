import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';
import { ZInputFeature } from './index.js';
import { ZSequencePreprocessing } from './sequence.js';
import { ZTextPreprocessing } from './text.js';

describe('text and sequence preprocessing schemas', () => {
  it('fills Ludwig text defaults (space_punct, 256, 20000, <PAD>/<UNK>, right padding)', () => {
    expect(ZTextPreprocessing.parse({})).toEqual({
      tokenizer: 'space_punct', vocab_file: null, sequence_length: null, max_sequence_length: 256, most_common: 20000,
      padding_symbol: '<PAD>', unknown_symbol: '<UNK>', padding: 'right', lowercase: false,
      missing_value_strategy: 'fill_with_const', fill_value: '<UNK>', computed_fill_value: '<UNK>', ngram_size: 2,
      cache_encoder_embeddings: false, compute_idf: false, pretrained_model_name_or_path: null,
    });
  });

  it('gives sequence features the space tokenizer', () => {
    expect(ZSequencePreprocessing.parse({}).tokenizer).toBe('space');
  });

  it('refuses a Ludwig spaCy tokenizer by name and an unknown one with the list', () => {
    const ludwig = ZTextPreprocessing.safeParse({ tokenizer: 'french_lemmatize' });
    expect(ludwig.error?.issues[0].message).toMatch(/^french_lemmatize is a Ludwig tokenizer that Overture does not support yet; use one of space, /);
    const unknown = ZTextPreprocessing.safeParse({ tokenizer: 'spaces' });
    expect(unknown.error?.issues[0].message).toMatch(/^unknown tokenizer 'spaces'; use one of space, space_punct/);
  });

  it('refuses a pretrained tokenizer name on a sequence feature and a bad padding side', () => {
    expect(ZSequencePreprocessing.safeParse({ pretrained_model_name_or_path: 'bert-base-uncased' }).error?.issues[0].message).toMatch(
      /only for text inputs with a pretrained encoder/,
    );
    expect(ZTextPreprocessing.safeParse({ padding: 'center' }).success).toBe(false);
    expect(ZTextPreprocessing.safeParse({ max_sequence_length: 0 }).success).toBe(false);
  });

  it('validates the preprocessing block of a text input feature', () => {
    const feature = ZInputFeature.parse({ name: 'review', type: 'text', preprocessing: { lowercase: true } });
    expect(feature.preprocessing).toMatchObject({ lowercase: true, tokenizer: 'space_punct' });
    expect(ZInputFeature.safeParse({ name: 'review', type: 'text', preprocessing: { lowercse: true } }).success).toBe(false);
  });
});

describe('text input features', () => {
  const config = (encoder?: unknown) => ({
    input_features: [{ name: 'review', type: 'text', ...(encoder === undefined ? {} : { encoder }) }],
    output_features: [{ name: 'spam', type: 'binary' }],
  });

  it('train with tf_idf, which turns on compute_idf and fills Ludwig fields', () => {
    const { config: resolved } = resolveConfig(config({ type: 'tf_idf' }));
    const review = resolved.input_features[0];
    expect(review.encoder).toEqual({ type: 'tf_idf', max_sequence_length: null, vocab: null, vocab_size: null, ngram_range: [1, 1], max_df: 1, min_df: 1 });
    expect(review.preprocessing).toMatchObject({ compute_idf: true, tokenizer: 'space_punct' });
  });

  it("give a text input with no encoder Ludwig's default parallel_cnn, on token ids (compute_idf only for tf_idf)", () => {
    const review = resolveConfig(config()).config.input_features[0];
    expect(review.encoder).toMatchObject({ type: 'parallel_cnn', embedding_size: 256, representation: 'dense', num_filters: 256, reduce_output: 'sum', fc_layers: null, num_fc_layers: null });
    expect(review.preprocessing).toMatchObject({ compute_idf: false });
    // compute_idf written by hand does not turn a sequence encoder's ids into tf-idf vectors.
    const handWritten = resolveConfig({ ...config({ type: 'embed' }), input_features: [{ name: 'review', type: 'text', encoder: { type: 'embed' }, preprocessing: { compute_idf: true } }] });
    expect(handWritten.config.input_features[0].preprocessing).toMatchObject({ compute_idf: false });
  });

  it('refuse the Ludwig text encoders Overture does not train yet by name', () => {
    const error = catchOvertureError(() => resolveConfig(config({ type: 'llm' })));
    expect(error.code).toBe('unsupported');
    expect(error.details[0]).toMatchObject({ path: 'input_features[0].encoder.type' });
    expect(error.details[0].message).toMatch(/^'llm' is a Ludwig text encoder that Overture does not support yet \(feature 'review'\); use one of parallel_cnn, .*, bert, /);
    expect(catchOvertureError(() => resolveConfig({ ...config(), defaults: { text: { encoder: { type: 'mamba' } } } })).details[0].message).toMatch(/^'mamba' is a Ludwig (text )?encoder that Overture does not support yet/);
  });

  it('refuse tf_idf pruning options Overture does not implement', () => {
    const error = catchOvertureError(() => resolveConfig(config({ type: 'tf_idf', min_df: 2 })));
    expect(error.details[0].message).toMatch(/min_df .* is a Ludwig tf_idf option that Overture does not support yet/);
  });

  it('take defaults.text.preprocessing like the other types', () => {
    const { config: resolved } = resolveConfig({ ...config({ type: 'tf_idf' }), defaults: { text: { preprocessing: { lowercase: true, tokenizer: 'space' } } } });
    expect(resolved.input_features[0].preprocessing).toMatchObject({ lowercase: true, tokenizer: 'space', compute_idf: true });
  });
});
