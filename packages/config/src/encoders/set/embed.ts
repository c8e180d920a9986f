import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField,
  numFcLayersField, outputSizeField, useBiasField, weightsInitializerField,
} from '../../common.js';
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
  output_size: outputSizeField(10),
  num_fc_layers: numFcLayersField(0),
  fc_layers: fcLayersField(),
  dropout: dropoutField(),
  activation: activationField(),
  norm: normField(),
  norm_params: normParamsField(),
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
};

export const ZSetEmbedEncoder = z.strictObject({
  type: doc(z.literal('embed'), 'Sum of the embeddings of the set elements, then a fully connected stack.'),
  ...setEmbedShape,
});
export type SetEmbedEncoderConfig = z.infer<typeof ZSetEmbedEncoder>;
