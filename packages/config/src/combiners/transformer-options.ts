import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField, numFcLayersField,
  outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';

/**
 * The fields Ludwig's transformer-style combiners share (`CommonTransformerConfig`): the
 * transformer stack over one token per input feature, then a fully connected stack.
 */
export const commonTransformerShape = {
  dropout: dropoutField(0.1),
  transformer_output_size: doc(z.number().int().positive().default(256), 'Width of the position-wise feed-forward layer inside each transformer block.'),
  hidden_size: doc(z.number().int().positive().default(256), 'Size each input feature is projected to before the transformer blocks.', { commonly_used: true }),
  num_layers: doc(z.number().int().positive().default(1), 'Number of transformer blocks.', { commonly_used: true, suggested_values: [1, 2, 4] }),
  num_heads: doc(z.number().int().positive().default(8), 'Number of self-attention heads; must divide hidden_size.', { commonly_used: true }),
  use_bias: useBiasField(),
  bias_initializer: biasInitializerField(),
  weights_initializer: weightsInitializerField(),
  num_fc_layers: numFcLayersField(0),
  output_size: outputSizeField(256),
  norm: normField(),
  norm_params: normParamsField(),
  fc_layers: fcLayersField(),
  fc_dropout: dropoutField(),
  fc_activation: activationField(),
  fc_residual: doc(z.boolean().default(false), 'Add skip connections between the fully connected layers whose sizes match.'),
};
