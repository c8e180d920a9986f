import type { ParallelCnnEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';
import { convDefaultsOf } from './conv-defaults.js';
import { resolveConvUnit } from './conv-unit.js';
import { buildSequenceCnn } from './sequence-cnn.js';

/** Ludwig's default convolutions: widths 2, 3, 4 and 5 side by side. */
export const DEFAULT_CONV_LAYERS = [{ filter_size: 2 }, { filter_size: 3 }, { filter_size: 4 }, { filter_size: 5 }];

/**
 * Ludwig's `parallel_cnn` (Kim 2014): one block of parallel convolutions, 'same' padding, pooled
 * with Ludwig's 'same' pool padding when a pool_size is set.
 */
export const parallelCnnEncoder: EncoderFactory<ParallelCnnEncoderConfig> = (args) => {
  const c = args.config;
  const layers = c.conv_layers ?? (c.num_conv_layers === null ? DEFAULT_CONV_LAYERS : Array.from({ length: c.num_conv_layers }, () => ({})));
  const defaults = convDefaultsOf(c, { padding: 'same', pool_strides: null, pool_padding: 'same' });
  return buildSequenceCnn(args, {
    embedding: c,
    blocks: [layers.map((layer) => resolveConvUnit(layer, defaults))],
    reduceOutput: c.reduce_output,
    fc: c,
  });
};
