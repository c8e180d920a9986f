import { z } from 'zod';
import { doc } from '../../common.js';

const positive = (def: number, description: string, suggested?: number[]) =>
  doc(z.number().int().positive().default(def), description, suggested ? { suggested_values: suggested } : {});

/**
 * Ludwig's `NBEATSConfig` (Oreshkin et al., 2020): stacks of MLP blocks over the whole padded
 * series with doubly residual stacking; each block subtracts its backcast from the series it
 * passes on and adds its forecast vector to the sum the encoder projects to output_size.
 */
export const ZNbeatsEncoder = z.strictObject({
  type: doc(z.literal('nbeats'), 'N-BEATS: stacks of fully connected blocks with backcast and forecast branches (doubly residual).'),
  num_stacks: positive(2, 'Number of N-BEATS stacks.', [1, 2, 3]),
  num_blocks: positive(3, 'Number of blocks per stack.', [1, 2, 3]),
  num_layers: positive(4, 'Number of fully connected layers per block.', [2, 4]),
  layer_size: positive(256, 'Width of the fully connected layers of each block.', [64, 128, 256, 512]),
  output_size: positive(256, 'Size of the forecast vector each block adds to and of the final representation.', [64, 128, 256]),
  dropout: doc(z.number().min(0).max(1).default(0), 'Dropout after each fully connected layer of a block.', { suggested_values: [0, 0.1, 0.2] }),
});
export type NbeatsEncoderConfig = z.infer<typeof ZNbeatsEncoder>;
