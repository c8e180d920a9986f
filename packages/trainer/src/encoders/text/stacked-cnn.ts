import type { StackedCnnEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';
import { convDefaultsOf } from './conv-defaults.js';
import { resolveConvUnit } from './conv-unit.js';
import { buildSequenceCnn } from './sequence-cnn.js';

/** Ludwig's default stack (after Conneau et al. 2017): widths 7, 7, 3, 3, 3, 3, pooling 3 after the first, second and last. */
export const DEFAULT_CONV_LAYERS = [
  { filter_size: 7, pool_size: 3 }, { filter_size: 7, pool_size: 3 },
  { filter_size: 3, pool_size: null }, { filter_size: 3, pool_size: null }, { filter_size: 3, pool_size: null },
  { filter_size: 3, pool_size: 3 },
];

/** Ludwig's `stacked_cnn`: convolutions one after the other, each optionally pooled over windows of time. */
export const stackedCnnEncoder: EncoderFactory<StackedCnnEncoderConfig> = (args) => {
  const c = args.config;
  const layers = c.conv_layers ?? (c.num_conv_layers === null ? DEFAULT_CONV_LAYERS : Array.from({ length: c.num_conv_layers }, () => ({})));
  const defaults = convDefaultsOf(c, { padding: c.padding, pool_strides: c.pool_strides, pool_padding: c.pool_padding });
  return buildSequenceCnn(args, {
    embedding: c,
    blocks: layers.map((layer) => [resolveConvUnit(layer, defaults)]),
    reduceOutput: c.reduce_output,
    fc: c,
  });
};
