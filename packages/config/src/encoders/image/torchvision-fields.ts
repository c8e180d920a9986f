import { z } from 'zod';
import { doc } from '../../common.js';

/**
 * Ludwig's `TVBaseEncoderConfig` fields, shared by the torchvision image encoders Overture trains
 * (resnet, vit). There are no pretrained weights on this machine and Overture never downloads any,
 * so `use_pretrained: true` (Ludwig's default) is refused by validation (unsupported.ts); `false` trains the architecture from
 * scratch, as Ludwig does with `use_pretrained: false`.
 */
/** The torchvision encoders Overture trains from scratch only. */
export const torchvisionImageEncoders = ['resnet', 'vit'] as const;

export function torchvisionFields(encoder: string) {
  return {
    use_pretrained: doc(
      z.boolean().default(true),
      `Start from torchvision's pretrained ${encoder} weights (Ludwig's default; refused by validation: not supported yet, no weights are ever downloaded); false trains the architecture from scratch.`,
      { commonly_used: true },
    ),
    trainable: doc(z.boolean().default(true), 'Whether the encoder\'s weights are trained (false keeps them at their initialization).'),
    model_cache_dir: doc(z.string().nullable().default(null), 'Accepted for Ludwig compatibility: where pretrained weights would be cached (unused: none are downloaded).'),
    saved_weights_in_checkpoint: doc(z.boolean().default(false), 'Accepted for Ludwig compatibility: the weights are always saved with the model.'),
  };
}
