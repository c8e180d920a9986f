import { z } from 'zod';
import { doc, fcStackShape } from '../../common.js';
import {
  embeddingInitializerField, embeddingsOnCpuField, embeddingSizeField, embeddingsTrainableField, pretrainedEmbeddingsField,
} from '../embedding-fields.js';

/** Fields of the set and bag `embed` encoders (Ludwig `SetSparseEncoderConfig`, `BagEmbedWeightedConfig`). */
export const setEmbedShape = {
  embedding_size: embeddingSizeField(50),
  representation: doc(z.enum(['dense', 'sparse']).default('dense'), 'dense: trainable embeddings; sparse: one-hot rows.'),
  embeddings_trainable: embeddingsTrainableField(true),
  pretrained_embeddings: pretrainedEmbeddingsField(),
  embeddings_on_cpu: embeddingsOnCpuField(),
  embedding_initializer: embeddingInitializerField(),
  ...fcStackShape(10, 0),
};

export const ZSetEmbedEncoder = z.strictObject({
  type: doc(z.literal('embed'), 'Sum of the embeddings of the set elements, then a fully connected stack.'),
  ...setEmbedShape,
});
export type SetEmbedEncoderConfig = z.infer<typeof ZSetEmbedEncoder>;
