import { z } from 'zod';
import { doc } from '../../common.js';
import { torchvisionFields } from './torchvision-fields.js';

/** torchvision's ViT table (Dosovitskiy et al. 2021): patch size, hidden size, layers, heads, MLP width. */
export const vitVariants = {
  b_16: { patchSize: 16, hiddenSize: 768, numLayers: 12, numHeads: 12, mlpSize: 3072 },
  b_32: { patchSize: 32, hiddenSize: 768, numLayers: 12, numHeads: 12, mlpSize: 3072 },
  l_16: { patchSize: 16, hiddenSize: 1024, numLayers: 24, numHeads: 16, mlpSize: 4096 },
  l_32: { patchSize: 32, hiddenSize: 1024, numLayers: 24, numHeads: 16, mlpSize: 4096 },
  h_14: { patchSize: 14, hiddenSize: 1280, numLayers: 32, numHeads: 16, mlpSize: 5120 },
} as const;
export type VitVariant = keyof typeof vitVariants;

/**
 * Ludwig's `vit` (`TVViTEncoderConfig`, torchvision's VisionTransformer without its head): the
 * image cut into patch_size² patches (a strided convolution), a learned class token and position
 * embeddings, pre-norm transformer blocks, and the class token's final state (hidden size values).
 */
export const ZVitEncoder = z.strictObject({
  type: doc(z.literal('vit'), 'torchvision\'s Vision Transformer (b_16, b_32, l_16, l_32, h_14).'),
  model_variant: doc(
    z.enum(Object.keys(vitVariants) as [VitVariant, ...VitVariant[]]).default('b_16'),
    'Size and patch size: b (768 wide, 12 layers), l (1,024, 24 layers), h (1,280, 32 layers); the number is the patch size in pixels.',
    { commonly_used: true },
  ),
  ...torchvisionFields('vit'),
});
export type VitEncoderConfig = z.output<typeof ZVitEncoder>;
