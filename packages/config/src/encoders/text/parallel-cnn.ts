import { z } from 'zod';
import { doc } from '../../common.js';
import {
  convDefaultsShape, exclusive, exclusiveMessage, reduceOutputField, sequenceEmbeddingShape, sequenceFcShape, ZConvLayer,
} from './sequence-fields.js';

/**
 * Ludwig's `parallel_cnn` (`ParallelCNNConfig`, Kim 2014): 1-D convolutions of several widths
 * side by side over the token embeddings (default widths 2, 3, 4, 5, 'same' padding), concatenated
 * on the channels, reduced over time, then a fully connected stack. Ludwig's default text encoder.
 */
export const ZParallelCnnEncoder = z.strictObject({
  type: doc(z.literal('parallel_cnn'), 'Parallel 1-D convolutions of several widths over the embeddings (Ludwig\'s default text encoder).'),
  ...sequenceEmbeddingShape(),
  ...convDefaultsShape(),
  num_conv_layers: doc(z.number().int().positive().nullable().default(null), 'Number of parallel convolutions when conv_layers is null (null with conv_layers null: widths 2, 3, 4 and 5).'),
  conv_layers: doc(z.array(ZConvLayer).min(1).nullable().default(null), 'The parallel convolutions, each with its own parameters; omitted ones take the encoder-level values.'),
  reduce_output: reduceOutputField('sum'),
  ...sequenceFcShape(),
}).refine(exclusive('conv_layers', 'num_conv_layers'), exclusiveMessage('conv_layers', 'num_conv_layers'))
  .refine(exclusive('fc_layers', 'num_fc_layers'), exclusiveMessage('fc_layers', 'num_fc_layers'));
export type ParallelCnnEncoderConfig = z.output<typeof ZParallelCnnEncoder>;
