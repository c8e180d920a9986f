import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField,
  numFcLayersField, outputSizeField, useBiasField, weightsInitializerField,
} from '../../common.js';

/** Periodic (sine/cosine) encoding of the date parts (Ludwig `DateWaveConfig`). */
export const ZDateWaveEncoder = z.strictObject({
  type: doc(z.literal('wave'), 'Sine/cosine encoding of each date part, then a fully connected stack.'),
  output_size: outputSizeField(10),
  num_fc_layers: numFcLayersField(1),
  fc_layers: fcLayersField(),
  dropout: dropoutField(),
  activation: activationField(),
  norm: normField(),
  norm_params: normParamsField(),
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
});
export type DateWaveEncoderConfig = z.infer<typeof ZDateWaveEncoder>;
