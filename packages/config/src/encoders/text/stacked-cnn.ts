import { z } from 'zod';
import { doc } from '../../common.js';
import {
  convDefaultsShape, exclusive, exclusiveMessage, reduceOutputField, sequenceEmbeddingShape, sequenceFcShape, ZConvLayer,
} from './sequence-fields.js';

const onlyOne = (field: string, what: string) => ({
  message: `${field} other than 1 (${what}) is a Ludwig stacked_cnn option that Overture does not support yet`,
});

/**
 * Ludwig's `stacked_cnn` (`StackedCNNConfig`, after Conneau et al. 2017): 1-D convolutions one
 * after the other, each optionally followed by a pooling over time with a stride, then the
 * reduction and a fully connected stack. Default: six layers of widths 7, 7, 3, 3, 3, 3 with
 * pooling of 3 after the first, second and last.
 */
export const ZStackedCnnEncoder = z.strictObject({
  type: doc(z.literal('stacked_cnn'), 'A stack of 1-D convolutions with pooling over time between them.'),
  ...sequenceEmbeddingShape(),
  ...convDefaultsShape(),
  num_conv_layers: doc(z.number().int().positive().nullable().default(null), 'Number of stacked convolutions when conv_layers is null (null with conv_layers null: Ludwig\'s six layers).'),
  conv_layers: doc(z.array(ZConvLayer).min(1).nullable().default(null), 'The stacked convolutions, each with its own parameters; omitted ones take the encoder-level values.'),
  strides: doc(z.number().int().positive().default(1).refine((v) => v === 1, onlyOne('strides', 'a strided convolution')), 'Stride of the convolutions (only 1 for now).'),
  padding: doc(z.enum(['valid', 'same']).default('same'), 'same keeps the length; valid shortens it by filter_size − 1.'),
  dilation_rate: doc(z.number().int().positive().default(1).refine((v) => v === 1, onlyOne('dilation_rate', 'a dilated convolution')), 'Dilation of the convolutions (only 1 for now).'),
  pool_strides: doc(z.number().int().positive().nullable().default(null), 'Default stride of the poolings; null: the pool size.'),
  pool_padding: doc(z.enum(['valid', 'same']).default('same'), 'same pads (pool_size − 1) / 2 steps on each side before pooling.'),
  reduce_output: reduceOutputField('sum'),
  ...sequenceFcShape(),
}).refine(exclusive('conv_layers', 'num_conv_layers'), exclusiveMessage('conv_layers', 'num_conv_layers'))
  .refine(exclusive('fc_layers', 'num_fc_layers'), exclusiveMessage('fc_layers', 'num_fc_layers'));
export type StackedCnnEncoderConfig = z.output<typeof ZStackedCnnEncoder>;
