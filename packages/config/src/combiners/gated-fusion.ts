import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField, numFcLayersField,
  outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';

/**
 * Ludwig 0.17's `gated_fusion` combiner (`GatedFusionCombinerConfig`, after Flamingo's gated
 * cross-attention): every input feature is projected to hidden_size; each projection adds
 * tanh(gate) ⊙ (a linear map of the other features' projections), the learned gate starting at
 * zero so training starts from the features alone; the fused projections are concatenated into
 * the FC stack.
 */
export const ZGatedFusionCombiner = z.strictObject({
  type: doc(z.literal('gated_fusion'), "Each feature's projection plus a gated (tanh, from zero) map of the other features' projections."),
  hidden_size: doc(z.number().int().positive().default(256), 'Size each input feature is projected to.', { suggested_values: [32, 64, 128, 256] }),
  dropout: dropoutField(0.1),
  output_size: outputSizeField(256),
  num_fc_layers: numFcLayersField(0),
  fc_layers: fcLayersField(),
  activation: activationField(),
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
  norm: normField(),
  norm_params: normParamsField(),
});
export type GatedFusionCombinerConfig = z.output<typeof ZGatedFusionCombiner>;
