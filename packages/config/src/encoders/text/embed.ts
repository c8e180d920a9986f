import { z } from 'zod';
import { doc, dropoutField, ZInitializer } from '../../common.js';
import { reduceOutputField, sequenceEmbeddingShape } from './sequence-fields.js';

/** Ludwig's `embed` sequence encoder (`SequenceEmbedConfig`): token embeddings reduced over time, no other layer. */
export const ZTextEmbedEncoder = z.strictObject({
  type: doc(z.literal('embed'), 'Embeds each token, then reduces the sequence (sum by default): a learned bag of words.'),
  ...sequenceEmbeddingShape(),
  weights_initializer: doc(ZInitializer.default('uniform'), 'Initializer of the embedding table.'),
  dropout: dropoutField(),
  reduce_output: reduceOutputField('sum'),
});
export type TextEmbedEncoderConfig = z.output<typeof ZTextEmbedEncoder>;
