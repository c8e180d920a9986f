import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField,
  numFcLayersField, outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';

/** Concatenates the encoder outputs, then an optional fully connected stack (Ludwig `ConcatCombinerConfig`). */
export const ZConcatCombiner = z.strictObject({
  type: doc(z.literal('concat'), 'Concatenate the encoder outputs, then an optional fully connected stack.'),
  output_size: outputSizeField(256),
  num_fc_layers: numFcLayersField(0),
  fc_layers: fcLayersField(),
  dropout: dropoutField(),
  activation: activationField(),
  norm: normField(),
  norm_params: normParamsField(),
  residual: doc(z.boolean().default(false), 'Add skip connections between the fully connected layers.'),
  flatten_inputs: doc(z.boolean().default(false), 'Flatten encoder outputs with a time axis before concatenating.'),
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
});
export type ConcatCombinerConfig = z.output<typeof ZConcatCombiner>;
