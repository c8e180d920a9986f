import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField,
  outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';

/** Fully connected stack over a number, binary or vector value (Ludwig `DenseEncoderConfig`). */
export const ZDenseEncoder = z.strictObject({
  type: doc(z.literal('dense'), 'A stack of fully connected layers.'),
  output_size: outputSizeField(256, 'Output size of each fully connected layer.'),
  num_layers: doc(z.number().int().min(1).default(1), 'Number of stacked fully connected layers.', {
    commonly_used: true,
    suggested_values: [1, 2, 3],
  }),
  fc_layers: fcLayersField(),
  dropout: dropoutField(),
  activation: activationField(),
  norm: normField(),
  norm_params: normParamsField(),
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
});
export type DenseEncoderConfig = z.infer<typeof ZDenseEncoder>;
