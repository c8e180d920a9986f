import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../resolve.js';
import { catchOvertureError } from '../../test/helpers.js';

const config = (encoder: unknown, preprocessing?: unknown) => ({
  input_features: [{ name: 'review', type: 'text', encoder, ...(preprocessing ? { preprocessing } : {}) }],
  output_features: [{ name: 'spam', type: 'binary' }],
});
const encoderOf = (encoder: unknown) => resolveConfig(config(encoder)).config.input_features[0].encoder;
const problemsOf = (encoder: unknown) => catchOvertureError(() => resolveConfig(config(encoder))).details.map((d) => `${d.path}: ${d.message}`);

describe('the rnn text encoder config', () => {
  it("fills Ludwig's StackedRNN defaults (rnn cell, 256 states, reduce last) and keeps compute_idf off", () => {
    const { config: resolved } = resolveConfig(config({ type: 'rnn' }));
    expect(resolved.input_features[0].encoder).toEqual({
      type: 'rnn', dropout: 0, recurrent_dropout: 0, activation: 'tanh', recurrent_activation: 'sigmoid', max_sequence_length: null,
      representation: 'dense', vocab: null, cell_type: 'rnn', state_size: 256, bidirectional: false, unit_forget_bias: true,
      recurrent_initializer: 'orthogonal', use_bias: true, bias_initializer: 'zeros', weights_initializer: 'xavier_uniform',
      should_embed: true, embedding_size: 256, embeddings_on_cpu: false, embeddings_trainable: true, pretrained_embeddings: null,
      reduce_output: 'last', output_size: 256, norm: null, norm_params: null, num_fc_layers: 0, fc_activation: 'relu', fc_dropout: 0,
      fc_layers: null, num_layers: 1,
    });
    expect(resolved.input_features[0].preprocessing).toMatchObject({ compute_idf: false });
  });

  it('accepts the lstm and gru cells, bidirectional stacks and every vector reduction', () => {
    expect(encoderOf({ type: 'rnn', cell_type: 'lstm', bidirectional: true, num_layers: 2 })).toMatchObject({ cell_type: 'lstm', bidirectional: true, num_layers: 2 });
    for (const reduce of ['last', 'sum', 'mean', 'avg', 'max', 'concat', 'attention']) expect(encoderOf({ type: 'rnn', reduce_output: reduce })).toMatchObject({ reduce_output: reduce });
  });

  it("refuses Ludwig's TensorFlow-era cells, other activations, and the attention_pooling reduction as not supported yet", () => {
    expect(problemsOf({ type: 'rnn', cell_type: 'lstm_block' })).toEqual([
      'input_features[0].encoder.cell_type: cell_type lstm_block, lstm_cudnn, ln, gru_block or gru_cudnn (Ludwig ≤ 0.3 TensorFlow cells) is a Ludwig rnn option that Overture does not support yet; use rnn, lstm or gru',
    ]);
    expect(problemsOf({ type: 'rnn', activation: 'elu' })[0]).toMatch(/encoder\.activation: activation other than tanh, sigmoid or relu is a Ludwig rnn option that Overture does not support yet/);
    expect(problemsOf({ type: 'rnn', reduce_output: 'attention_pooling' })[0]).toMatch(/reduce_output attention_pooling \(multi-head attention pooling over the steps\) .* does not support yet/);
    // Keeping the steps is valid; beside the default concat combiner and another input it is refused by the combiner check.
    expect(encoderOf({ type: 'rnn', reduce_output: null })).toMatchObject({ reduce_output: null });
    expect(problemsOf({ type: 'rnn', should_embed: false })[0]).toMatch(/should_embed: false .* does not support yet/);
  });

  it('is taken from defaults.text.encoder by a text input that names no encoder', () => {
    const { config: resolved } = resolveConfig({
      input_features: [{ name: 'review', type: 'text' }], output_features: [{ name: 'spam', type: 'binary' }],
      defaults: { text: { encoder: { type: 'rnn', cell_type: 'gru' } } },
    });
    expect(resolved.input_features[0].encoder).toMatchObject({ type: 'rnn', cell_type: 'gru', state_size: 256 });
  });

  it('refuses a cell type that is no Ludwig name and a misspelt key as mistakes', () => {
    expect(problemsOf({ type: 'rnn', cell_type: 'lstmm' })[0]).toMatch(/^input_features\[0\]\.encoder\.cell_type: /);
    expect(problemsOf({ type: 'rnn', state_sise: 8 })[0]).toMatch(/state_sise/);
    expect(problemsOf({ type: 'rnn', state_size: 0 })[0]).toMatch(/state_size/);
  });
});

describe('the cnnrnn text encoder config', () => {
  it("fills Ludwig's StackedCNNRNN defaults (filter 5, 256 filters, max pooling, one recurrent layer)", () => {
    expect(encoderOf({ type: 'cnnrnn' })).toMatchObject({
      type: 'cnnrnn', cell_type: 'rnn', conv_layers: null, num_conv_layers: null, num_filters: 256, filter_size: 5, pool_function: 'max',
      pool_size: null, strides: 1, padding: 'same', dilation_rate: 1, pool_strides: null, pool_padding: 'same', num_rec_layers: 1,
      conv_activation: 'relu', conv_dropout: 0, reduce_output: 'last', state_size: 256,
    });
  });

  it('accepts explicit conv layers with their own pooling', () => {
    expect(encoderOf({ type: 'cnnrnn', conv_layers: [{ filter_size: 3, pool_size: 2 }, { num_filters: 8, pool_function: 'mean' }] }))
      .toMatchObject({ conv_layers: [{ filter_size: 3, pool_size: 2 }, { num_filters: 8, pool_function: 'mean' }] });
  });

  it('refuses strides, dilation and pool strides it does not implement, and conv_layers with num_conv_layers', () => {
    expect(problemsOf({ type: 'cnnrnn', strides: 2 })[0]).toMatch(/strides other than 1 is a Ludwig cnnrnn option that Overture does not support yet/);
    expect(problemsOf({ type: 'cnnrnn', conv_layers: [{ dilation_rate: 2 }] })[0]).toMatch(/conv_layers\[0\]\.dilation_rate: dilation_rate other than 1 .* not support yet/);
    expect(problemsOf({ type: 'cnnrnn', pool_size: 2, pool_strides: 1 })[0]).toMatch(/pool_strides: a pool_strides other than the pool_size .* not support yet/);
    expect(problemsOf({ type: 'cnnrnn', pool_function: 'sum' })[0]).toMatch(/pool_function other than max or mean .* not support yet/);
    expect(problemsOf({ type: 'cnnrnn', num_conv_layers: 2, conv_layers: [{}] })[0]).toMatch(/num_conv_layers: give either conv_layers or num_conv_layers/);
  });
});
