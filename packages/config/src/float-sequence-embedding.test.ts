import { describe, expect, it } from 'vitest';
import { checkConfig, resolveConfig } from './index.js';

const config = (type: string, encoder: Record<string, unknown>) => ({ input_features: [{ name: 'x', type, encoder }], output_features: [{ name: 'y', type: 'binary' }] });

describe('embedding knobs on inputs whose steps are numbers', () => {
  it.each(['timeseries', 'audio'])('accepts the should_embed: false and embedding_size Ludwig writes into a saved %s config, with a warning each', (type) => {
    const { warnings } = resolveConfig(config(type, { type: 'parallel_cnn', should_embed: false, embedding_size: 32, embeddings_trainable: true }));
    expect(warnings.map((w) => w.path)).toEqual(['input_features[0].encoder.embedding_size', 'input_features[0].encoder.embeddings_trainable', 'input_features[0].encoder.should_embed']);
    expect(warnings[0].message).toBe(`embedding_size has no effect on a ${type} input: its steps are numbers that go to the encoder as they are (Ludwig overwrites it too); remove it`);
  });

  it('warns for the knobs of every sequence encoder (rnn, transformer), and none when they are absent', () => {
    expect(resolveConfig(config('timeseries', { type: 'rnn', embeddings_on_cpu: true })).warnings).toHaveLength(1);
    expect(resolveConfig(config('timeseries', { type: 'transformer', embedding_size: 8, representation: 'dense' })).warnings).toHaveLength(2);
    expect(resolveConfig(config('timeseries', { type: 'rnn' })).warnings).toEqual([]);
  });

  it('still refuses pretrained_embeddings (a file of token vectors) on a timeseries input, and should_embed: false on text', () => {
    for (const type of ['timeseries', 'audio']) {
      for (const encoder of ['rnn', 'parallel_cnn', 'stacked_cnn', 'cnnrnn']) {
        const errors = checkConfig(config(type, { type: encoder, pretrained_embeddings: 'glove.txt' })).errors;
        expect(errors.map((e) => e.path)).toEqual(['input_features[0].encoder.pretrained_embeddings']);
        expect(errors[0].message).toMatch(new RegExp(`a ${type} input does not have`));
      }
    }
    expect(checkConfig(config('text', { type: 'parallel_cnn', should_embed: false })).errors[0].path).toBe('input_features[0].encoder.should_embed');
  });
});
