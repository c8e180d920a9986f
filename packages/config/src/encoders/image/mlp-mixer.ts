import { z } from 'zod';
import { doc, dropoutField } from '../../common.js';

/**
 * Ludwig's `mlp_mixer` (`MLPMixerConfig`, Tolstikhin et al. 2021): non-overlapping patches
 * embedded by a strided convolution, `num_layers` mixer blocks (an MLP across the patches, then one
 * across the channels, each after a layer norm and with a residual), a final layer norm, and the
 * mean over the patches (avg_pool) or every patch's embedding.
 */
export const ZMlpMixerEncoder = z.strictObject({
  type: doc(z.literal('mlp_mixer'), 'MLP-Mixer: MLPs across patches and across channels, trained from scratch.'),
  dropout: dropoutField(),
  height: doc(z.number().int().positive().nullable().default(null), 'Set from preprocessing (Ludwig keeps it here).'),
  width: doc(z.number().int().positive().nullable().default(null), 'Set from preprocessing (Ludwig keeps it here).'),
  num_channels: doc(z.number().int().positive().nullable().default(null), 'Set from preprocessing (Ludwig keeps it here).'),
  patch_size: doc(z.number().int().positive().default(16), 'Side of each square patch in pixels; must divide the image height and width.', { commonly_used: true }),
  embed_size: doc(z.number().int().positive().default(512), 'Patch embedding size (the output size with avg_pool).', { commonly_used: true }),
  token_size: doc(z.number().int().positive().default(2048), 'Hidden width of the MLP that mixes across patches.'),
  channel_dim: doc(z.number().int().positive().default(256), 'Hidden width of the MLP that mixes across channels.'),
  num_layers: doc(z.number().int().positive().default(8), 'Number of mixer blocks.', { commonly_used: true }),
  avg_pool: doc(z.boolean().default(true), 'Average over the patches (output embed_size); false keeps every patch (a sequence of embed_size vectors).'),
});
export type MlpMixerEncoderConfig = z.output<typeof ZMlpMixerEncoder>;
