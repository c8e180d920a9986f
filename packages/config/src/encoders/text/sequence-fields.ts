import { z } from 'zod';
import { activationField, biasInitializerField, doc, dropoutField, fcLayersField, useBiasField, weightsInitializerField, ZActivation, ZInitializer, ZNormParams } from '../../common.js';
import { embeddingSizeField, embeddingsTrainableField, pretrainedEmbeddingsField } from '../embedding-fields.js';

/**
 * Fields shared by Ludwig's sequence encoders over text (`ludwig/schema/encoders/sequence_encoders.py`):
 * the embedding of the token ids, the reduction over time, the convolution defaults and the
 * fully connected stack after the reduction.
 */

const notYet = (what: string) => `${what} that Overture does not support yet`;

/** Ludwig's `reduce_mode_registry` names; `attention` is refused until it exists here. */
export const reduceModes = ['sum', 'mean', 'avg', 'max', 'concat', 'last', 'attention', 'none'] as const;
export type ReduceMode = Exclude<(typeof reduceModes)[number], 'attention' | 'none'>;

export const reduceOutputField = (def: ReduceMode = 'sum') =>
  doc(
    z.enum(reduceModes).nullable().default(def)
      .refine((v) => v !== 'attention', { message: notYet("reduce_output 'attention' (a learned weighting of the time steps) is a Ludwig reduction") }),
    'How the sequence of vectors becomes one vector: sum, mean (avg), max over time (padding excluded), concat (flattened) or last (the last step before the padding); null (or none) keeps the whole sequence, one vector per step, for the sequence_concat combiner and a tagger output (no fully connected stack then, as in Ludwig).',
    { commonly_used: true, suggested_values: ['sum', 'mean', 'max', 'concat', 'last', null] },
  );

/** Whether a reduce_output keeps the sequence (Ludwig's None; `none` is its string spelling). */
export const keepsSequence = (reduceOutput: string | null | undefined): boolean => reduceOutput === null || reduceOutput === 'none' || reduceOutput === 'None';

/** The embedding of the token ids (Ludwig `EmbedSequence`). */
export function sequenceEmbeddingShape() {
  return {
    representation: doc(
      z.enum(['dense', 'sparse']).default('dense'),
      'dense: a trainable embedding of min(vocabulary size, embedding_size) per token; sparse: fixed one-hot rows of the vocabulary size.',
    ),
    embedding_size: embeddingSizeField(256),
    embeddings_trainable: embeddingsTrainableField(true),
    pretrained_embeddings: pretrainedEmbeddingsField(),
    embeddings_on_cpu: doc(
      z.boolean().default(false),
      'Accepted for Ludwig compatibility, no effect: Ludwig uses it to keep a large table off the GPU; Overture trains on the CPU (wasm) already.',
    ),
    max_sequence_length: doc(z.number().int().positive().nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
    vocab: doc(z.array(z.string()).nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
    should_embed: doc(
      z.boolean().default(true).refine((v) => v, { message: notYet('should_embed: false (feeding vectors instead of token ids) is a Ludwig option') }),
      'Whether the input is token ids to embed (the only input a text feature has).',
    ),
  };
}

export const ZPoolFunction = z.enum(['max', 'average', 'avg', 'mean']);
export type PoolFunction = z.infer<typeof ZPoolFunction>;

/** A Ludwig convolution option of which Overture implements the value 1 only. */
const onlyOne = (field: string, what: string) =>
  z.number().int().positive().optional().refine((v) => v === undefined || v === 1, {
    message: notYet(`${field} other than 1 (${what}) is a Ludwig convolution option`),
  });

/** One convolution of a stack or of a parallel block; omitted keys take the encoder-level values. */
export const ZConvLayer = z.strictObject({
  num_filters: doc(z.number().int().positive().optional(), 'Number of filters (output channels) of this convolution.'),
  filter_size: doc(z.number().int().positive().optional(), 'Width of this convolution\'s filter (time steps).'),
  strides: doc(onlyOne('strides', 'a strided convolution'), 'Stride of the convolution (only 1 for now).'),
  padding: doc(z.enum(['same', 'valid']).optional(), 'same keeps the length; valid shortens it by filter_size − 1.'),
  dilation_rate: doc(onlyOne('dilation_rate', 'a dilated convolution'), 'Dilation of the convolution (only 1 for now).'),
  use_bias: doc(z.boolean().optional(), 'Whether this convolution has a bias.'),
  weights_initializer: doc(ZInitializer.optional(), 'Initializer of this convolution\'s filter.'),
  bias_initializer: doc(ZInitializer.optional(), 'Initializer of this convolution\'s bias.'),
  norm: doc(z.enum(['batch', 'layer']).nullable().optional(), 'Normalization after this convolution.'),
  norm_params: doc(ZNormParams.optional(), 'Parameters of the normalization.'),
  activation: doc(ZActivation.nullable().optional(), 'Activation of this convolution.'),
  dropout: doc(z.number().min(0).max(1).optional(), 'Dropout after this convolution.'),
  pool_function: doc(ZPoolFunction.optional(), 'max, or average (avg, mean), of the pooling after this convolution.'),
  pool_size: doc(z.number().int().positive().nullable().optional(), 'Window of the pooling over time after this convolution; null: no pooling.'),
  pool_strides: doc(z.number().int().positive().nullable().optional(), 'Stride of the pooling; null: pool_size.'),
  pool_padding: doc(z.enum(['same', 'valid']).optional(), 'same pads (pool_size − 1) / 2 steps on each side before pooling.'),
});
export type ConvLayer = z.infer<typeof ZConvLayer>;

/** The encoder-level convolution defaults (Ludwig `NumFiltersField`, `FilterSizeField`, `PoolFunctionField`, `PoolSizeField`). */
export function convDefaultsShape() {
  return {
    num_filters: doc(z.number().int().positive().default(256), 'Number of filters, and so of output channels, of each 1-D convolution.', {
      commonly_used: true, suggested_values: [32, 64, 128, 256],
    }),
    filter_size: doc(z.number().int().positive().default(3), 'Width of each 1-D convolutional filter (time steps).'),
    pool_function: doc(ZPoolFunction.default('max'), 'Pooling after a convolution: max, or average (avg, mean).'),
    pool_size: doc(z.number().int().positive().nullable().default(null), 'Default window of the pooling over time after each convolution; null: no pooling.'),
    activation: activationField(),
    dropout: dropoutField(),
    use_bias: useBiasField(),
    weights_initializer: weightsInitializerField(),
    bias_initializer: biasInitializerField(),
    norm: doc(z.enum(['batch', 'layer']).nullable().default(null), 'Default normalization of each convolution and fully connected layer: batch, layer or null.'),
    norm_params: doc(ZNormParams.default(null), 'Parameters of the normalization.'),
  };
}

/** The fully connected stack after the reduction; with neither field set, Ludwig's [{output_size: 512}, {output_size: 256}]. */
export function sequenceFcShape() {
  return {
    output_size: doc(z.number().int().positive().default(256), 'Default output size of each fully connected layer.', { commonly_used: true }),
    num_fc_layers: doc(z.number().int().min(0).nullable().default(null), 'Number of fully connected layers after the reduction (null with fc_layers null: Ludwig\'s two layers of 512 and 256).'),
    fc_layers: fcLayersField(),
  };
}

/** Ludwig's rule: a layer list and a layer count are exclusive. */
export function exclusive(list: string, count: string) {
  return (c: Record<string, unknown>) => !(c[list] !== null && c[list] !== undefined && c[count] !== null && c[count] !== undefined);
}
export const exclusiveMessage = (list: string, count: string) => ({ message: `set either ${list} or ${count}, not both (Ludwig's rule)`, path: [count] });
