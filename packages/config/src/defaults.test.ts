import { describe, expect, it } from 'vitest';
import { resolveConfig } from './resolve.js';
import { catchOvertureError } from './test/helpers.js';

describe('defaults section', () => {
  it('applies with precedence feature > defaults > schema default (deep merge)', () => {
    const { config } = resolveConfig({
      input_features: [
        { name: 'a', type: 'number' },
        { name: 'b', type: 'number', preprocessing: { normalization: 'log1p' } },
        { name: 'c', type: 'category', encoder: { embedding_size: 8 } },
      ],
      output_features: [{ name: 'y', type: 'category' }],
      defaults: {
        number: { preprocessing: { normalization: 'minmax', fill_value: 1 } },
        category: { encoder: { type: 'dense', embedding_size: 20, dropout: 0.25 }, loss: { label_smoothing: 0.1 } },
      },
    });
    const [a, b, c] = config.input_features;
    expect(a.preprocessing).toMatchObject({ normalization: 'minmax', fill_value: 1, missing_value_strategy: 'fill_with_const' });
    expect(b.preprocessing).toMatchObject({ normalization: 'log1p', fill_value: 1 });
    expect(c.encoder).toMatchObject({ type: 'dense', embedding_size: 8, dropout: 0.25, embeddings_trainable: true });
    expect(config.output_features[0].loss).toMatchObject({ type: 'softmax_cross_entropy', label_smoothing: 0.1, weight: 1 });
  });

  it('does not apply encoder defaults of another encoder type', () => {
    const { config } = resolveConfig({
      input_features: [{ name: 'c', type: 'category', encoder: { type: 'sparse' } }],
      output_features: [{ name: 'y', type: 'binary' }],
      defaults: { category: { encoder: { type: 'dense', embedding_size: 20 } } },
    });
    expect(config.input_features[0].encoder).toEqual({
      type: 'sparse', embeddings_trainable: false, pretrained_embeddings: null, embeddings_on_cpu: false, dropout: 0, embedding_initializer: null,
    });
  });

  it('sets the encoder type of every feature of a type', () => {
    const { config } = resolveConfig({
      input_features: [{ name: 'x', type: 'number' }],
      output_features: [{ name: 'y', type: 'binary' }],
      defaults: { number: { encoder: { type: 'dense', output_size: 16 } } },
    });
    expect(config.input_features[0].encoder).toMatchObject({ type: 'dense', output_size: 16, num_layers: 1 });
  });

  it('upgrades legacy preprocessing.<type> into defaults.<type>.preprocessing', () => {
    const { config, warnings } = resolveConfig({
      input_features: [{ name: 'x', type: 'number' }],
      output_features: [{ name: 'y', type: 'binary' }],
      preprocessing: { number: { normalization: 'minmax' }, split: { type: 'fixed' } },
    });
    expect(config.defaults).toEqual({ number: { preprocessing: { normalization: 'minmax' } } });
    expect(config.input_features[0].preprocessing).toMatchObject({ normalization: 'minmax' });
    expect(config.preprocessing.split).toEqual({ type: 'fixed', column: 'split' });
    expect(warnings).toEqual([
      { path: 'preprocessing.number', message: 'preprocessing.number is the legacy form of defaults.number.preprocessing; moved.' },
    ]);
  });

  it('reports a misspelt key inside defaults at its defaults path', () => {
    const error = catchOvertureError(() =>
      resolveConfig({
        input_features: [{ name: 'x', type: 'number' }],
        output_features: [{ name: 'y', type: 'binary' }],
        defaults: { number: { encoder: { type: 'dense', num_layer: 2 } } },
      }),
    );
    expect(error.details).toEqual([
      { path: 'defaults.number.encoder.num_layer', message: "unknown key 'num_layer' in defaults.number.encoder", suggestion: "did you mean 'num_layers'?" },
    ]);
  });
});
