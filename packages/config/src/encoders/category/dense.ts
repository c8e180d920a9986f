import { z } from 'zod';
import { doc, dropoutField } from '../../common.js';
import {
  embeddingInitializerField, embeddingsOnCpuField, embeddingSizeField, embeddingsTrainableField, pretrainedEmbeddingsField,
} from '../embedding-fields.js';

/** A trainable embedding per category value (Ludwig `CategoricalEmbedConfig`, registered as `dense`). */
export const ZCategoryDenseEncoder = z.strictObject({
  type: doc(z.literal('dense'), 'A trainable embedding per category value.'),
  embedding_size: embeddingSizeField(50),
  embeddings_trainable: embeddingsTrainableField(true),
  pretrained_embeddings: pretrainedEmbeddingsField(),
  embeddings_on_cpu: embeddingsOnCpuField(),
  dropout: dropoutField(),
  embedding_initializer: embeddingInitializerField(),
});
export type CategoryDenseEncoderConfig = z.infer<typeof ZCategoryDenseEncoder>;
