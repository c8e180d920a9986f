import { z } from 'zod';
import { doc } from '../../common.js';
import {
  convDefaultsShape, exclusive, exclusiveMessage, reduceOutputField, sequenceEmbeddingShape, sequenceFcShape, ZConvLayer,
} from './sequence-fields.js';

/**
 * Ludwig's `stacked_parallel_cnn` (`StackedParallelCNNConfig`): blocks of parallel convolutions
 * (as parallel_cnn), one block after the other. Default: three blocks of widths 2, 3, 4, 5; the
 * encoder-level pool_size applies to the last block only, as in Ludwig.
 */
export const ZStackedParallelCnnEncoder = z.strictObject({
  type: doc(z.literal('stacked_parallel_cnn'), 'Blocks of parallel 1-D convolutions, stacked.'),
  ...sequenceEmbeddingShape(),
  ...convDefaultsShape(),
  num_stacked_layers: doc(
    z.number().int().positive().nullable().default(null),
    'Number of stacked blocks (each of widths 2, 3, 4, 5) when stacked_layers is null (null with stacked_layers null: three).',
  ),
  stacked_layers: doc(
    z.array(z.array(ZConvLayer).min(1)).min(1).nullable().default(null),
    'The blocks: a list of lists of convolutions, each list run in parallel and concatenated.',
  ),
  reduce_output: reduceOutputField('sum'),
  ...sequenceFcShape(),
}).refine(exclusive('stacked_layers', 'num_stacked_layers'), exclusiveMessage('stacked_layers', 'num_stacked_layers'))
  .refine(exclusive('fc_layers', 'num_fc_layers'), exclusiveMessage('fc_layers', 'num_fc_layers'));
export type StackedParallelCnnEncoderConfig = z.output<typeof ZStackedParallelCnnEncoder>;
