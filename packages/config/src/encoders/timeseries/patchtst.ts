import { z } from 'zod';
import { doc } from '../../common.js';

const positive = (def: number, description: string, suggested?: number[]) =>
  doc(z.number().int().positive().default(def), description, suggested ? { suggested_values: suggested } : {});

/** How PatchTST reduces its patch states: the mean over the patches, the last or the first patch. */
export const patchtstReductions = ['mean', 'last', 'first'] as const;

/**
 * Ludwig's `PatchTSTConfig` (Nie et al., 2023): the series is cut into patches of patch_size steps
 * every patch_stride steps, each patch is projected to d_model with a learned position, a pre-norm
 * transformer encodes the patches, and their reduction is projected to output_size.
 */
export const ZPatchtstEncoder = z.strictObject({
  type: doc(z.literal('patchtst'), 'PatchTST: patches of the series encoded by a transformer.'),
  patch_size: positive(16, 'Steps per patch. The padded series must be at least this long.', [4, 8, 16, 32]),
  patch_stride: positive(8, 'Steps between the starts of consecutive patches (below patch_size, patches overlap).', [2, 4, 8, 16]),
  d_model: positive(128, 'Width of the transformer (each patch\'s embedding).', [32, 64, 128, 256]),
  num_heads: positive(8, 'Number of attention heads (must divide d_model).', [1, 2, 4, 8]),
  num_layers: positive(3, 'Number of transformer layers.', [1, 2, 3]),
  ffn_dim: positive(256, 'Width of the feed-forward layer inside each transformer layer.', [64, 128, 256, 512]),
  dropout: doc(z.number().min(0).max(1).default(0.1), 'Dropout inside the transformer layers.', { suggested_values: [0, 0.1, 0.2] }),
  output_size: positive(256, 'Size of the output after the patches are reduced.', [64, 128, 256]),
  reduce_output: doc(z.enum(patchtstReductions).default('mean'), 'How the patch states are reduced: mean over all patches, the last or the first.'),
}).superRefine((value, ctx) => {
  if (value.d_model % value.num_heads === 0) return;
  ctx.addIssue({
    code: 'custom', path: ['num_heads'],
    message: `d_model (${value.d_model}) must be divisible by num_heads (${value.num_heads}): each head gets d_model / num_heads values`,
  });
});
export type PatchtstEncoderConfig = z.infer<typeof ZPatchtstEncoder>;
