import type { ConvDefaults } from './conv-unit.js';

/** The encoder-level convolution fields every CNN text encoder has; the padding comes with its family. */
type ConvFields = Omit<ConvDefaults, 'padding' | 'pool_strides' | 'pool_padding'>;

export function convDefaultsOf(c: ConvFields, layout: Pick<ConvDefaults, 'padding' | 'pool_strides' | 'pool_padding'>): ConvDefaults {
  return {
    num_filters: c.num_filters, filter_size: c.filter_size, pool_function: c.pool_function, pool_size: c.pool_size,
    activation: c.activation, dropout: c.dropout, use_bias: c.use_bias, weights_initializer: c.weights_initializer,
    bias_initializer: c.bias_initializer, norm: c.norm, ...layout,
  };
}
