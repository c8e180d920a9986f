import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../resolve.js';
import { catchOvertureError } from '../../test/helpers.js';

const config = (encoder: Record<string, unknown>, combiner?: Record<string, unknown>) => ({
  input_features: [{ name: 'review', type: 'text', encoder }, { name: 'stars', type: 'number' }],
  output_features: [{ name: 'spam', type: 'binary' }],
  ...(combiner ? { combiner } : {}),
});

const messages = (raw: unknown) => catchOvertureError(() => resolveConfig(raw)).details.map((d) => `${d.path}: ${d.message}`);

describe('the transformer text encoder', () => {
  it("resolves with Ludwig's defaults (StackedTransformerConfig)", () => {
    const { config: resolved } = resolveConfig(config({ type: 'transformer' }));
    expect(resolved.input_features[0].encoder).toMatchObject({
      type: 'transformer', representation: 'dense', embedding_size: 256, embeddings_trainable: true, num_layers: 1, hidden_size: 256,
      num_heads: 8, transformer_output_size: 256, dropout: 0.1, reduce_output: 'last', output_size: 256, num_fc_layers: 0,
      fc_activation: 'relu', fc_dropout: 0, norm: null, use_bias: true, weights_initializer: 'xavier_uniform', use_rope: false,
    });
    // A sequence encoder reads token ids, not the tf-idf vector.
    expect(resolved.input_features[0].preprocessing).toMatchObject({ compute_idf: false });
  });

  it('refuses num_heads that do not divide hidden_size, with both numbers', () => {
    expect(messages(config({ type: 'transformer', hidden_size: 30, num_heads: 4 }))).toEqual([
      'input_features[0].encoder.num_heads: hidden_size (30) must be divisible by num_heads (4): each head gets hidden_size / num_heads values',
    ]);
  });

  it('refuses the Ludwig options it does not implement by name', () => {
    expect(messages(config({ type: 'transformer', reduce_output: 'attention_pooling' }))[0]).toMatch(
      /^input_features\[0\]\.encoder\.reduce_output: reduce_output: attention_pooling .* does not support yet; use last, sum, mean, avg, max, concat, attention or null$/,
    );
    // Keeping the steps is valid (for sequence_concat and a tagger).
    expect(resolveConfig(config({ type: 'transformer', reduce_output: null }, { type: 'sequence_concat' })).config.input_features[0].encoder).toMatchObject({ reduce_output: null });
    expect(messages(config({ type: 'transformer', use_rope: true }))[0]).toMatch(/use_rope .* does not support yet/);
    expect(messages(config({ type: 'transformer', num_head: 2 }))[0]).toMatch(/num_head/);
  });
});

describe('the transformer, ft_transformer and tabtransformer combiners', () => {
  it("resolve with Ludwig's defaults (CommonTransformerConfig)", () => {
    const common = {
      dropout: 0.1, transformer_output_size: 256, hidden_size: 256, num_layers: 1, num_heads: 8, use_bias: true, num_fc_layers: 0,
      output_size: 256, norm: null, fc_layers: null, fc_dropout: 0, fc_activation: 'relu', fc_residual: false,
    };
    expect(resolveConfig(config({ type: 'tf_idf' }, { type: 'transformer' })).config.combiner).toEqual({
      type: 'transformer', ...common, reduce_output: 'mean', bias_initializer: 'zeros', weights_initializer: 'xavier_uniform', norm_params: null,
    });
    expect(resolveConfig(config({ type: 'tf_idf' }, { type: 'ft_transformer' })).config.combiner).toEqual({
      type: 'ft_transformer', ...common, bias_initializer: 'zeros', weights_initializer: 'xavier_uniform', norm_params: null,
    });
  });

  it("resolve tabtransformer with Ludwig's defaults: concat reduction, no feature-name embedding", () => {
    expect(resolveConfig(config({ type: 'tf_idf' }, { type: 'tabtransformer' })).config.combiner).toMatchObject({
      type: 'tabtransformer', reduce_output: 'concat', embed_input_feature_name: null, hidden_size: 256, num_heads: 8,
    });
    expect(resolveConfig(config({ type: 'tf_idf' }, { type: 'tabtransformer', embed_input_feature_name: 'add' })).config.combiner).toMatchObject({ embed_input_feature_name: 'add' });
  });

  it('refuse heads that do not divide the hidden size, a feature-name embedding as wide as hidden_size, and tabpfn_v2 by name', () => {
    expect(messages(config({ type: 'tf_idf' }, { type: 'ft_transformer', hidden_size: 10, num_heads: 3 }))).toEqual([
      'combiner.num_heads: hidden_size (10) must be divisible by num_heads (3): each head gets hidden_size / num_heads values',
    ]);
    expect(messages(config({ type: 'tf_idf' }, { type: 'tabtransformer', hidden_size: 16, num_heads: 2, embed_input_feature_name: 16 }))).toEqual([
      "combiner.embed_input_feature_name: embed_input_feature_name (16) must be smaller than hidden_size (16): the feature's own projection gets the remaining hidden_size − 16 values",
    ]);
    expect(messages(config({ type: 'tf_idf' }, { type: 'tabtransformer', embed_input_feature_name: 'concat' }))[0]).toMatch(/^combiner.embed_input_feature_name/);
    expect(messages(config({ type: 'tf_idf' }, { type: 'tabpfn_v2' }))[0]).toMatch(/^combiner.type: .*tabpfn_v2.* does not support yet/);
  });
});
