import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField, numFcLayersField,
  outputSizeField, useBiasField, weightsInitializerField,
} from '../../common.js';
import { encoderReduceOutputField, headsDivideHidden } from '../../attention-fields.js';
import { embeddingsOnCpuField, embeddingSizeField, embeddingsTrainableField, pretrainedEmbeddingsField } from '../embedding-fields.js';

const notYet = (field: string, what: string, instead: string) =>
  `${field} (${what}) is a Ludwig transformer encoder option that Overture does not support yet; ${instead}`;

/**
 * Ludwig's `transformer` sequence encoder (`StackedTransformerConfig`): token embeddings plus
 * learned position embeddings, projected to hidden_size when the sizes differ, `num_layers`
 * transformer blocks with self-attention over the non-padding tokens, a reduction, then an
 * optional fully connected stack. `vocab` and `max_sequence_length` are internal in Ludwig.
 */
export const ZTransformerEncoder = z.strictObject({
  type: doc(z.literal('transformer'), 'Token and position embeddings, then transformer blocks of self-attention (Vaswani et al., 2017).'),
  max_sequence_length: doc(z.number().int().positive().nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
  vocab: doc(z.array(z.string()).nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
  representation: doc(z.enum(['dense', 'sparse']).default('dense'), 'dense: trainable embeddings; sparse: one-hot rows (fixed).'),
  embedding_size: embeddingSizeField(256),
  embeddings_trainable: embeddingsTrainableField(true),
  embeddings_on_cpu: embeddingsOnCpuField(),
  pretrained_embeddings: pretrainedEmbeddingsField(),
  should_embed: doc(
    z.boolean().default(true).refine((v) => v, { message: notYet('should_embed: false', 'a sequence of vectors instead of token ids', 'leave it true') }),
    'Whether the input is token ids to embed (always, for text).',
  ),
  num_layers: doc(z.number().int().positive().default(1), 'Number of transformer blocks.', { commonly_used: true, suggested_values: [1, 2, 4] }),
  hidden_size: doc(z.number().int().positive().default(256), 'Width of the transformer blocks (the tokens are projected to it).', { commonly_used: true }),
  num_heads: doc(z.number().int().positive().default(8), 'Number of self-attention heads; must divide hidden_size.', { commonly_used: true }),
  transformer_output_size: doc(z.number().int().positive().default(256), 'Width of the position-wise feed-forward layer inside each block.'),
  dropout: dropoutField(0.1),
  use_rope: doc(
    z.boolean().default(false).refine((v) => !v, { message: notYet('use_rope', 'rotary position embeddings', 'leave it false for learned position embeddings') }),
    'Rotary position embeddings instead of learned ones (not supported yet).',
  ),
  reduce_output: encoderReduceOutputField('last'),
  output_size: outputSizeField(256),
  num_fc_layers: numFcLayersField(0),
  fc_layers: fcLayersField(),
  fc_activation: activationField(),
  fc_dropout: dropoutField(),
  norm: normField(),
  norm_params: normParamsField(),
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
}).superRefine(headsDivideHidden);
export type TransformerEncoderConfig = z.output<typeof ZTransformerEncoder>;
