import { z } from 'zod';
import { doc, ZActivation, ZInitializer, ZNorm, ZNormParams } from '../../common.js';
import { recurrentShape } from './recurrent-fields.js';

const notYet = (what: string) => `${what} is a Ludwig cnnrnn option that Overture does not support yet`;

const poolFunctions = ['max', 'mean', 'avg', 'average'] as const;
const ZPoolFunction = z.enum([...poolFunctions, 'sum', 'last', 'concat', 'attention', 'none']).refine(
  (f): f is (typeof poolFunctions)[number] => (poolFunctions as readonly string[]).includes(f),
  { message: `${notYet('a pool_function other than max or mean (avg, average)')}` },
);
const stride = (what: string) => z.number().int().positive().refine((v) => v === 1, { message: notYet(`${what} other than 1`) });

/** One convolution of the stack; omitted keys take the encoder-level values (Ludwig's Conv1DStack). */
export const ZCnnRnnConvLayer = z.strictObject({
  filter_size: z.number().int().positive().optional(),
  num_filters: z.number().int().positive().optional(),
  padding: z.enum(['same', 'valid']).optional(),
  strides: stride('strides').optional(),
  dilation_rate: stride('dilation_rate').optional(),
  activation: ZActivation.nullable().optional(),
  dropout: z.number().min(0).max(1).optional(),
  norm: ZNorm.nullable().optional(),
  norm_params: ZNormParams.optional(),
  use_bias: z.boolean().optional(),
  weights_initializer: ZInitializer.optional(),
  bias_initializer: ZInitializer.optional(),
  pool_function: ZPoolFunction.optional(),
  pool_size: z.number().int().positive().nullable().optional(),
  pool_strides: z.number().int().positive().nullable().optional(),
  pool_padding: z.enum(['same', 'valid']).optional(),
});
export type CnnRnnConvLayer = z.output<typeof ZCnnRnnConvLayer>;

/**
 * Ludwig's `cnnrnn` text encoder (StackedCNNRNN): embeddings, a stack of 1-D convolutions with
 * pooling over time (by default two layers, the first pooled by 3), then recurrent layers, a
 * reduction over time (`last`) and an optional fully connected stack.
 */
export const ZCnnRnnEncoder = z.strictObject({
  type: doc(z.literal('cnnrnn'), 'Embeddings, 1-D convolutions with pooling, then recurrent layers over the pooled steps.'),
  ...recurrentShape('cnnrnn'),
  conv_dropout: doc(z.number().min(0).max(1).default(0), 'Dropout after each convolution while training.'),
  conv_activation: doc(ZActivation.default('relu'), 'Activation of each convolution.'),
  num_conv_layers: doc(z.number().int().positive().nullable().default(null), 'Number of convolutions with the encoder-level settings (when conv_layers is not given).'),
  conv_layers: doc(z.array(ZCnnRnnConvLayer).nullable().default(null), 'Explicit convolutions; null with num_conv_layers null: Ludwig\'s two layers, [{pool_size: 3}, {pool_size: null}].'),
  num_filters: doc(z.number().int().positive().default(256), 'Filters of each convolution.'),
  filter_size: doc(z.number().int().positive().default(5), 'Width of each convolution\'s window, in steps.'),
  pool_function: doc(ZPoolFunction.default('max'), 'Pooling over time after a convolution: max or mean (avg, average).'),
  pool_size: doc(z.number().int().positive().nullable().default(null), 'Default pooling window (null: no pooling).'),
  strides: doc(stride('strides').default(1), 'Stride of the convolutions (1 only for now).'),
  padding: doc(z.enum(['same', 'valid']).default('same'), 'Padding of the convolutions.'),
  dilation_rate: doc(stride('dilation_rate').default(1), 'Dilation of the convolutions (1 only for now).'),
  pool_strides: doc(z.number().int().positive().nullable().default(null), 'Stride of the pooling (null or the pool size for now).'),
  pool_padding: doc(z.enum(['same', 'valid']).default('same'), 'Padding of the pooling: same keeps a partial last window, valid drops it.'),
  num_rec_layers: doc(z.number().int().positive().default(1), 'Number of stacked recurrent layers.', { commonly_used: true }),
}).superRefine((c, ctx) => {
  if (c.conv_layers !== null && c.num_conv_layers !== null) {
    ctx.addIssue({ code: 'custom', path: ['num_conv_layers'], message: 'give either conv_layers or num_conv_layers, not both (Ludwig refuses both too)' });
  }
  const layers = [c, ...(c.conv_layers ?? [])];
  layers.forEach((layer, i) => {
    const size = layer.pool_size ?? c.pool_size;
    const strides = layer.pool_strides ?? c.pool_strides;
    if (strides != null && size != null && strides !== size) {
      ctx.addIssue({ code: 'custom', path: i === 0 ? ['pool_strides'] : ['conv_layers', i - 1, 'pool_strides'], message: notYet('a pool_strides other than the pool_size') });
    }
  });
});
export type CnnRnnEncoderConfig = z.output<typeof ZCnnRnnEncoder>;
