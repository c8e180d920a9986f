import { z } from 'zod';
import {
  biasInitializerField, doc, fcLayersField, normField, normParamsField, numFcLayersField, useBiasField,
  weightsInitializerField, ZActivation, ZInitializer,
} from '../common.js';

/** The fully connected stack every decoder may run before its head (Ludwig `BaseDecoderConfig` fc_* fields). */
export const decoderFcShape = {
  num_fc_layers: numFcLayersField(0),
  fc_layers: fcLayersField(),
  fc_output_size: doc(z.number().int().positive().default(256), 'Output size of each fully connected layer before the head.', {
    suggested_values: [64, 128, 256],
  }),
  fc_activation: doc(ZActivation.default('relu'), 'Activation of the fully connected layers.'),
  fc_dropout: doc(z.number().min(0).max(1).default(0), 'Dropout of the fully connected layers.'),
  fc_norm: normField(),
  fc_norm_params: normParamsField(),
  fc_use_bias: doc(z.boolean().default(true), 'Whether the fully connected layers use a bias vector.'),
  fc_weights_initializer: doc(ZInitializer.default('xavier_uniform'), 'Initializer of the fully connected weights.'),
  fc_bias_initializer: doc(ZInitializer.default('zeros'), 'Initializer of the fully connected biases.'),
};

/** The head's own layer parameters. */
export const decoderHeadShape = {
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
};
