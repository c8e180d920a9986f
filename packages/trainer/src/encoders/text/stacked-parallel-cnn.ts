import type { StackedParallelCnnEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';
import { convDefaultsOf } from './conv-defaults.js';
import { resolveConvUnit } from './conv-unit.js';
import { buildSequenceCnn } from './sequence-cnn.js';

export const DEFAULT_BLOCK = [{ filter_size: 2 }, { filter_size: 3 }, { filter_size: 4 }, { filter_size: 5 }];

/**
 * Ludwig's `stacked_parallel_cnn`: blocks of parallel convolutions, stacked (default three blocks
 * of widths 2, 3, 4, 5). As in Ludwig, the encoder-level pool_size pools the last block only and
 * pool padding is 'valid'. num_stacked_layers gives that many default blocks (Ludwig ignores it
 * and always builds three).
 */
export const stackedParallelCnnEncoder: EncoderFactory<StackedParallelCnnEncoderConfig> = (args) => {
  const c = args.config;
  const stacked = c.stacked_layers ?? Array.from({ length: c.num_stacked_layers ?? 3 }, () => DEFAULT_BLOCK);
  return buildSequenceCnn(args, {
    embedding: c,
    blocks: stacked.map((layers, b) => {
      const defaults = convDefaultsOf(
        { ...c, pool_size: b === stacked.length - 1 ? c.pool_size : null },
        { padding: 'same', pool_strides: null, pool_padding: 'valid' },
      );
      return layers.map((layer) => resolveConvUnit(layer, defaults));
    }),
    reduceOutput: c.reduce_output,
    fc: c,
  });
};
