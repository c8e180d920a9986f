import { z } from 'zod';
import { doc } from '../common.js';

/**
 * Ludwig's image `augmentation` (`schema/features/augmentation/image.py`, `utils.py`): `true` is
 * Ludwig's default pipeline, `false` none, or a list of operations applied in order to each
 * training batch. Each operation, as in Ludwig (`features/image_feature.py`), fires on the whole
 * batch with probability ½ and draws one parameter for the whole batch.
 */

const factorRange = (what: string) => ({
  min: doc(z.number().min(0).default(0.5), `Smallest ${what} factor drawn (1 leaves the image unchanged; torchvision refuses a negative factor).`),
  max: doc(z.number().min(0).default(2), `Largest ${what} factor drawn.`),
});

/** min ≤ max, reported at `max` (Ludwig checks neither; torch would draw from a reversed range). */
const orderedRange = <T extends z.ZodObject<{ type: z.ZodLiteral<string>; min: z.ZodDefault<z.ZodNumber>; max: z.ZodDefault<z.ZodNumber> }>>(schema: T) =>
  schema.check((ctx) => {
    const { min, max } = ctx.value as { min: number; max: number };
    if (min > max) ctx.issues.push({ code: 'custom', path: ['max'], message: `max (${max}) is below min (${min})`, input: ctx.value });
  });

export const augmentationOpSchemas = {
  random_horizontal_flip: z.strictObject({ type: z.literal('random_horizontal_flip') })
    .meta({ description: 'Mirror the batch left to right.' }),
  random_vertical_flip: z.strictObject({ type: z.literal('random_vertical_flip') })
    .meta({ description: 'Mirror the batch top to bottom.' }),
  random_rotate: z.strictObject({
    type: z.literal('random_rotate'),
    degree: doc(z.number().int().min(0).default(15), 'Rotate by an angle drawn uniformly from [-degree, +degree] degrees about the image centre; corners outside are black.'),
  }).meta({ description: 'Rotate the batch by a random angle.' }),
  random_blur: z.strictObject({
    type: z.literal('random_blur'),
    kernel_size: doc(
      z.number().int().positive().refine((k) => k <= 0 || k % 2 === 1, { message: 'kernel_size must be odd (torchvision\'s gaussian_blur refuses an even one)' }).default(3),
      'Side of the Gaussian kernel (odd); sigma is torchvision\'s default for it, 0.3·((k−1)/2 − 1) + 0.8.',
    ),
  }).meta({ description: 'Gaussian-blur the batch.' }),
  random_brightness: orderedRange(z.strictObject({ type: z.literal('random_brightness'), ...factorRange('brightness') }))
    .meta({ description: 'Multiply every pixel by a random factor (torchvision adjust_brightness), clamped to 0–255.' }),
  random_contrast: orderedRange(z.strictObject({ type: z.literal('random_contrast'), ...factorRange('contrast') }))
    .meta({ description: 'Scale each image\'s distance from its mean gray level by a random factor (torchvision adjust_contrast), clamped.' }),
};

export type ImageAugmentationType = keyof typeof augmentationOpSchemas;
export const imageAugmentationTypes = Object.keys(augmentationOpSchemas) as ImageAugmentationType[];

export const ZImageAugmentationOp = z.discriminatedUnion('type', Object.values(augmentationOpSchemas) as unknown as [
  (typeof augmentationOpSchemas)[ImageAugmentationType], ...(typeof augmentationOpSchemas)[ImageAugmentationType][]
]);
export type ImageAugmentationOp = z.output<typeof ZImageAugmentationOp>;
/** The parameters of one operation type. */
export type ImageAugmentationOpOf<T extends ImageAugmentationType> = Extract<ImageAugmentationOp, { type: T }>;

/** Ludwig's `AUGMENTATION_DEFAULT_OPERATIONS` (`schema/features/image_feature.py`), what `augmentation: true` means. */
export const defaultImageAugmentation = (): ImageAugmentationOp[] => [
  { type: 'random_horizontal_flip' },
  { type: 'random_rotate', degree: 15 },
];

const expand = (value: boolean | ImageAugmentationOp[]): ImageAugmentationOp[] => (value === true ? defaultImageAugmentation() : value === false ? [] : value);
const description = 'Image augmentation applied to training batches only (never to evaluation, prediction or the exported model): true for Ludwig\'s default '
  + '(random_horizontal_flip, random_rotate 15°), false for none, or a list of operations, each applied with probability ½: '
  + imageAugmentationTypes.join(', ') + '.';

/** The feature's field: false (none) when omitted. */
export const ZImageAugmentation = doc(z.union([z.boolean(), z.array(ZImageAugmentationOp)]).default(false).transform(expand), description);
/** `defaults.image.augmentation`: absent unless written, so a feature's own value can take precedence. */
export const ZImageAugmentationDefault = doc(z.union([z.boolean(), z.array(ZImageAugmentationOp)]).transform(expand).optional(), description);
