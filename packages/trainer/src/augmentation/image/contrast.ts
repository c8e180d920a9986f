import type { ImageAugmentationOpOf } from '@overture/config';
import { adjustContrast, assertGrayOrRgb } from './color.js';
import type { AugmentationOp, ImageShape } from './image-batch.js';

/** Ludwig's `RandomContrast`: a factor uniform in [min, max] for the whole batch. */
export function randomContrast(params: ImageAugmentationOpOf<'random_contrast'>, shape: ImageShape, feature: string): AugmentationOp {
  assertGrayOrRgb('random_contrast', shape, feature);
  return { draw: (rng) => rng.next() * (params.max - params.min) + params.min, apply: adjustContrast };
}
