import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField, numFcLayersField,
  outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';
import { headsDivideHidden } from '../attention-fields.js';

/**
 * Ludwig 0.17's `cross_attention` combiner (`CrossAttentionCombinerConfig`): every input feature
 * is projected to hidden_size; each projection queries the other features' projections through
 * its own multi-head attention (PyTorch's MultiheadAttention, dropout on the attention weights),
 * then LayerNorm(projection + attended); the results are concatenated into the FC stack. Ludwig's
 * combiner builds one attention layer per feature whatever `num_layers` says, so only 1 is taken.
 */
export const ZCrossAttentionCombiner = z.strictObject({
  type: doc(z.literal('cross_attention'), "Each feature attends to the other features' projections (multi-head), then a residual layer norm."),
  hidden_size: doc(z.number().int().positive().max(4096).default(256), 'Size each input feature is projected to.', { suggested_values: [32, 64, 128, 256] }),
  num_heads: doc(z.number().int().positive().default(8), 'Number of attention heads (must divide hidden_size).', { suggested_values: [1, 2, 4, 8] }),
  num_layers: doc(z.number().int().positive().default(1), "Number of cross-attention layers: Ludwig's combiner builds one, so only 1 is accepted."),
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
}).superRefine((value, ctx) => {
  headsDivideHidden(value, ctx);
  if (value.num_layers !== 1) {
    ctx.addIssue({
      code: 'custom', path: ['num_layers'],
      message: `num_layers: ${value.num_layers} is a Ludwig option that Overture does not support yet (Ludwig's cross_attention combiner builds one layer whatever num_layers says, so more would train a different model); use 1`,
    });
  }
});
export type CrossAttentionCombinerConfig = z.output<typeof ZCrossAttentionCombiner>;
