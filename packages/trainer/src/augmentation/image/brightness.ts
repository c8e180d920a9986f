import type { ImageAugmentationOpOf } from '@overture/config';
import { adjustBrightness, assertGrayOrRgb } from './color.js';
import type { AugmentationOp, ImageShape } from './image-batch.js';

/** Ludwig's `RandomBrightness`: a factor uniform in [min, max] for the whole batch. */
export function randomBrightness(params: ImageAugmentationOpOf<'random_brightness'>, shape: ImageShape, feature: string): AugmentationOp {
  assertGrayOrRgb('random_brightness', shape, feature);
  return { draw: (rng) => rng.next() * (params.max - params.min) + params.min, apply: adjustBrightness };
}
