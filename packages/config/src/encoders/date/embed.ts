import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField,
  numFcLayersField, outputSizeField, useBiasField, weightsInitializerField,
} from '../../common.js';
import { embeddingsOnCpuField, embeddingSizeField } from '../embedding-fields.js';

/** Date parts (year, month, day, weekday, …) embedded and concatenated (Ludwig `DateEmbedConfig`). */
export const ZDateEmbedEncoder = z.strictObject({
  type: doc(z.literal('embed'), 'Embeds each date part and concatenates them.'),
  embedding_size: embeddingSizeField(10),
  embeddings_on_cpu: embeddingsOnCpuField(),
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
});
export type DateEmbedEncoderConfig = z.infer<typeof ZDateEmbedEncoder>;
