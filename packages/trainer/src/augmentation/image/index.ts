import type { ImageAugmentationOp, ImageAugmentationOpOf, ImageAugmentationType, ResolvedConfig } from '@overture/config';
import type { TrainingSetMetadata } from '../../preprocessing/index.js';
import { SeededRandom } from '../../util/random.js';
import { randomBlur } from './blur.js';
import { randomBrightness } from './brightness.js';
import { randomContrast } from './contrast.js';
import { randomHorizontalFlip, randomVerticalFlip } from './flip.js';
import type { AugmentationOp, ImageBatch, ImageShape } from './image-batch.js';
import { randomRotate } from './rotate.js';

export type { AugmentationOp, ImageBatch, ImageShape } from './image-batch.js';

type OpFactory<T extends ImageAugmentationType> = (params: ImageAugmentationOpOf<T>, shape: ImageShape, feature: string) => AugmentationOp;

/** Every operation of the config's schema, checked by the compiler. */
const augmentationOps: { [T in ImageAugmentationType]: OpFactory<T> } = {
  random_horizontal_flip: randomHorizontalFlip,
  random_vertical_flip: randomVerticalFlip,
  random_rotate: randomRotate,
  random_blur: randomBlur,
  random_brightness: randomBrightness,
  random_contrast: randomContrast,
};

const createOp = <T extends ImageAugmentationType>(params: ImageAugmentationOpOf<T>, shape: ImageShape, feature: string): AugmentationOp =>
  (augmentationOps[params.type] as OpFactory<T>)(params, shape, feature);

/** One image feature's pipeline: its operations in the configured order. */
export class ImageAugmentation {
  private readonly ops: AugmentationOp[];

  constructor(readonly feature: string, readonly shape: ImageShape, config: readonly ImageAugmentationOp[]) {
    this.ops = config.map((params) => createOp(params, shape, feature));
  }

  /**
   * Applies the pipeline to a batch in place. As Ludwig's ops (`features/image_feature.py`), each
   * one fires on the whole batch or not at all, with probability ½ (`torch.rand(1) < 0.5`), and its
   * angle or factor is drawn once for the batch: every image of a batch gets the same flip,
   * rotation and factor; batches differ.
   */
  apply(pixels: Uint8Array, count: number, rng: SeededRandom): void {
    const batch: ImageBatch = { pixels, count, ...this.shape };
    for (const op of this.ops) {
      if (rng.next() >= 0.5) continue;
      const parameter = op.draw ? op.draw(rng) : 0;
      op.apply(batch, parameter);
    }
  }
}

/** The augmentation of the training batches: a pipeline per image input that has one, and the step's random stream. */
export interface BatchAugmentation {
  pipelines: Record<string, ImageAugmentation>;
  rng: SeededRandom;
}

/**
 * The pipelines of a config's image inputs (null when none augments). Ludwig hands them to the
 * training set's batcher only (`trainers/trainer.py`): evaluation, prediction and the exported
 * graph never see them.
 */
export function createImageAugmentations(config: ResolvedConfig, metadata: TrainingSetMetadata): Record<string, ImageAugmentation> | null {
  const pipelines: Record<string, ImageAugmentation> = {};
  for (const feature of config.input_features) {
    if (feature.type !== 'image' || feature.augmentation.length === 0) continue;
    const meta = metadata[feature.name];
    if (meta?.type !== 'image') continue;
    pipelines[feature.name] = new ImageAugmentation(feature.name, { height: meta.height, width: meta.width, channels: meta.num_channels }, feature.augmentation);
  }
  return Object.keys(pipelines).length > 0 ? pipelines : null;
}

/**
 * The augmentation stream of one training step: a function of the run's seed and the step only,
 * so a resumed run augments its batches as an uninterrupted one would, and apart from the
 * dropout stream of the same step.
 */
export function augmentationRandom(seed: number, step: number): SeededRandom {
  return new SeededRandom((Math.imul(seed ^ 0x2545f491, 0x9e3779b1) + Math.imul(step + 1, 0xc2b2ae35)) >>> 0);
}
