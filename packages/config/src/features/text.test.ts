import { describe, expect, it } from 'vitest';
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

  it('refuses a pretrained tokenizer name and a bad padding side', () => {
    expect(ZTextPreprocessing.safeParse({ pretrained_model_name_or_path: 'bert-base-uncased' }).error?.issues[0].message).toMatch(
      /does not support yet/,
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
