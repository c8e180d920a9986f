import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField, numFcLayersField,
  outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';
import { sequenceReduceOutputField } from '../attention-fields.js';

/**
 * Ludwig 0.17's `perceiver` combiner (`PerceiverCombinerConfig`; Jaegle et al., 2022, "Perceiver
 * IO"): num_latents learned latent vectors (N(0, 0.02²)) attend to the input features' projections
 * (multi-head, then LayerNorm(latents + attended)), then num_self_attention_layers transformer
 * blocks over the latents, the latents reduced (`reduce_output`), then the FC stack.
 */
export const ZPerceiverCombiner = z.strictObject({
  type: doc(z.literal('perceiver'), 'Learned latent vectors attend to the features, then self-attention over the latents.'),
  num_latents: doc(z.number().int().positive().max(1024).default(32), 'Number of learned latent vectors.', { suggested_values: [8, 16, 32, 64] }),
  latent_dim: doc(z.number().int().positive().max(4096).default(256), 'Size of each latent vector (and of the feature projections).', { suggested_values: [32, 64, 128, 256] }),
  num_heads: doc(z.number().int().positive().default(8), 'Number of attention heads (must divide latent_dim).', { suggested_values: [1, 2, 4, 8] }),
  num_self_attention_layers: doc(z.number().int().positive().default(2), 'Transformer blocks over the latents after the cross-attention.'),
  dropout: dropoutField(0.1),
  reduce_output: sequenceReduceOutputField('mean'),
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
  if (value.latent_dim % value.num_heads === 0) return;
  ctx.addIssue({
    code: 'custom', path: ['num_heads'],
    message: `latent_dim (${value.latent_dim}) must be divisible by num_heads (${value.num_heads}): each head gets latent_dim / num_heads values`,
  });
});
export type PerceiverCombinerConfig = z.output<typeof ZPerceiverCombiner>;
