import type { ConvDefaults } from './conv-unit.js';

/** The encoder-level convolution fields every CNN text encoder has, with the padding its family uses. */
interface ConvFields {
  num_filters: number;
  filter_size: number;
  pool_function: string;
  pool_size: number | null;
  activation: string | null;
  dropout: number;
  use_bias: boolean;
  weights_initializer: string;
  bias_initializer: string;
  norm: 'batch' | 'layer' | null;
}

export function convDefaultsOf(c: ConvFields, layout: Pick<ConvDefaults, 'padding' | 'pool_strides' | 'pool_padding'>): ConvDefaults {
  return {
    num_filters: c.num_filters, filter_size: c.filter_size, pool_function: c.pool_function, pool_size: c.pool_size,
    activation: c.activation, dropout: c.dropout, use_bias: c.use_bias, weights_initializer: c.weights_initializer,
    bias_initializer: c.bias_initializer, norm: c.norm, ...layout,
  };
}
