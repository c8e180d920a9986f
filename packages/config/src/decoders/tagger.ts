import { z } from 'zod';
import { doc } from '../common.js';

/** Fields Ludwig fills from the training-set metadata (`common_fields.VocabSizeField`, `MaxSequenceLengthField`). */
export const sequenceDecoderInternalShape = {
  vocab_size: doc(z.number().int().positive().nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
  max_sequence_length: doc(z.number().int().positive().nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
};

/**
 * Ludwig's `tagger` decoder (`SequenceTaggerDecoderConfig`): one class per step of a sequence the
 * combiner keeps whole, e.g. a tag per token for named entities.
 */
export const ZTaggerDecoder = z.strictObject({
  type: doc(z.literal('tagger'), 'Classifies every step of the input sequence (per-token tags); needs an input whose encoder keeps the sequence (reduce_output: null).'),
  input_size: doc(z.number().int().positive().default(256), 'Size of the input to the decoder (Ludwig sets it from the combiner).'),
  ...sequenceDecoderInternalShape,
  use_attention: doc(z.boolean().default(false), 'Whether a multi-head self-attention layer runs over the steps before the per-step projection.'),
  use_bias: doc(z.boolean().default(true), 'Whether the projection has a bias.'),
  attention_embedding_size: doc(z.number().int().positive().default(256), 'Embedding size of the self-attention layer.'),
  attention_num_heads: doc(z.number().int().positive().default(8), 'Number of heads of the self-attention layer.'),
});
export type TaggerDecoderConfig = z.infer<typeof ZTaggerDecoder>;
