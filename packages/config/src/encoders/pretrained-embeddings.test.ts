import { describe, expect, it } from 'vitest';
import { checkConfig } from '../index.js';

const textInput = (encoder: Record<string, unknown>) => ({
  input_features: [{ name: 'message', type: 'text', encoder }],
  output_features: [{ name: 'label', type: 'category' }],
});

describe('pretrained_embeddings', () => {
  it.each(['embed', 'parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'transformer'])('is accepted on a text %s encoder, frozen or trainable', (type) => {
    for (const trainable of [true, false]) {
      expect(checkConfig(textInput({ type, pretrained_embeddings: 'glove.6B.50d.txt', embeddings_trainable: trainable })).errors).toEqual([]);
    }
  });

  it('is accepted on category dense and set embed encoders', () => {
    expect(checkConfig({
      input_features: [{ name: 'city', type: 'category', encoder: { type: 'dense', pretrained_embeddings: 'cities.txt' } }, { name: 'tags', type: 'set', encoder: { type: 'embed', pretrained_embeddings: 'tags.txt' } }],
      output_features: [{ name: 'label', type: 'binary' }],
    }).errors).toEqual([]);
  });

  it('must be a non-empty path', () => {
    expect(checkConfig(textInput({ type: 'embed', pretrained_embeddings: '' })).errors.map((e) => e.path)).toEqual(['input_features[0].encoder.pretrained_embeddings']);
    expect(checkConfig(textInput({ type: 'embed', pretrained_embeddings: 7 })).errors.map((e) => e.path)).toEqual(['input_features[0].encoder.pretrained_embeddings']);
  });
});
