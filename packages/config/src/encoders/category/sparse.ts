import { z } from 'zod';
import { doc, dropoutField } from '../../common.js';
import {
  embeddingInitializerField, embeddingsOnCpuField, embeddingsTrainableField, pretrainedEmbeddingsField,
} from '../embedding-fields.js';

/** One-hot vectors held in a frozen embedding table (Ludwig `CategoricalSparseConfig`). */
export const ZCategorySparseEncoder = z.strictObject({
  type: doc(z.literal('sparse'), 'One-hot vectors in a frozen embedding table.'),
  embeddings_trainable: embeddingsTrainableField(false),
  pretrained_embeddings: pretrainedEmbeddingsField(),
  embeddings_on_cpu: embeddingsOnCpuField(),
  dropout: dropoutField(),
  embedding_initializer: embeddingInitializerField(),
});
export type CategorySparseEncoderConfig = z.infer<typeof ZCategorySparseEncoder>;
