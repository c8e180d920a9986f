import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';

/**
 * Ludwig 0.17's `mlp_classifier` decoder of binary and category outputs (`MLPClassifierConfig`):
 * `num_fc_layers` fully connected layers of `output_size` (activation, dropout), then a linear
 * layer to the logits. Ludwig's decoder reads these fields only, not the fc_* ones of its base
 * config, so those are unknown keys here rather than silently ignored.
 */
export const ZMlpClassifierDecoder = z.strictObject({
  type: doc(z.literal('mlp_classifier'), 'Fully connected hidden layers, then a linear layer to the logits.'),
  num_fc_layers: doc(z.number().int().min(0).default(1), 'Number of hidden layers before the logits (0: a plain linear classifier).', {
    suggested_values: [0, 1, 2],
  }),
  output_size: outputSizeField(256, 'Size of each hidden layer.'),
  activation: activationField(),
  dropout: dropoutField(),
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
  calibration: doc(z.enum(['temperature_scaling']).nullable().default(null), 'Ludwig declares this field but never reads it: set `calibration: true` on the output feature instead.'),
  mc_dropout_samples: doc(z.number().int().min(0).default(0), 'Monte Carlo dropout passes at inference (not supported yet beyond 0).'),
}).superRefine((d, ctx) => {
  if (d.calibration !== null) {
    ctx.addIssue({ code: 'custom', path: ['calibration'], message: `'calibration: ${d.calibration}' on the mlp_classifier decoder is a Ludwig option that Overture does not support yet (Ludwig itself never reads it); remove it, and set 'calibration: true' on the output feature to fit a temperature after training` });
  }
  if (d.mc_dropout_samples > 0) {
    ctx.addIssue({ code: 'custom', path: ['mc_dropout_samples'], message: `'mc_dropout_samples' above 0 is a Ludwig decoder option that Overture does not support yet (predictions are one deterministic pass, with no uncertainty column); set it to 0` });
  }
});
export type MlpClassifierDecoderConfig = z.infer<typeof ZMlpClassifierDecoder>;
