import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';

const withAugmentation = (augmentation: unknown, extra: Record<string, unknown> = {}) =>
  resolveConfig({
    input_features: [{ name: 'photo', type: 'image', ...(augmentation === undefined ? {} : { augmentation }) }],
    output_features: [{ name: 'y', type: 'category' }],
    ...extra,
  });
const augmentationOf = (augmentation: unknown, extra: Record<string, unknown> = {}) => {
  const feature = withAugmentation(augmentation, extra).config.input_features[0];
  if (feature.type !== 'image') throw new Error('not an image feature');
  return feature.augmentation;
};
const problems = (augmentation: unknown) => catchOvertureError(() => withAugmentation(augmentation)).details.map((d) => [d.path, d.message]);

describe('image augmentation config', () => {
  it('is none when omitted or false, as in Ludwig', () => {
    expect(augmentationOf(undefined)).toEqual([]);
    expect(augmentationOf(false)).toEqual([]);
  });

  it("expands true to Ludwig's default pipeline (horizontal flip, rotation by up to 15°)", () => {
    expect(augmentationOf(true)).toEqual([{ type: 'random_horizontal_flip' }, { type: 'random_rotate', degree: 15 }]);
  });

  it("fills each operation's Ludwig defaults and keeps the order written", () => {
    expect(augmentationOf([
      { type: 'random_contrast' }, { type: 'random_blur' }, { type: 'random_brightness', max: 1.5 }, { type: 'random_vertical_flip' }, { type: 'random_rotate' },
    ])).toEqual([
      { type: 'random_contrast', min: 0.5, max: 2 }, { type: 'random_blur', kernel_size: 3 }, { type: 'random_brightness', min: 0.5, max: 1.5 },
      { type: 'random_vertical_flip' }, { type: 'random_rotate', degree: 15 },
    ]);
  });

  it('takes defaults.image.augmentation for features without their own, and a feature\'s own list over it', () => {
    const extra = { defaults: { image: { augmentation: [{ type: 'random_vertical_flip' }] } } };
    expect(augmentationOf(undefined, extra)).toEqual([{ type: 'random_vertical_flip' }]);
    expect(augmentationOf(false, extra)).toEqual([]);
    expect(augmentationOf([{ type: 'random_blur', kernel_size: 5 }], extra)).toEqual([{ type: 'random_blur', kernel_size: 5 }]);
  });

  it('refuses an unknown operation, listing the valid ones', () => {
    expect(problems([{ type: 'random_flip' }])).toEqual([[
      'input_features[0].augmentation[0].type',
      "'random_flip' is not a valid image augmentation; valid: 'random_horizontal_flip', 'random_vertical_flip', 'random_rotate', 'random_blur', 'random_brightness', 'random_contrast'",
    ]]);
  });

  it("refuses Ludwig's auto_augmentation as not supported yet", () => {
    const error = catchOvertureError(() => withAugmentation([{ type: 'auto_augmentation', method: 'trivial_augment' }]));
    expect(error.code).toBe('unsupported');
    expect(error.details).toEqual([{ path: 'input_features[0].augmentation[0].type', message: "'auto_augmentation' is a Ludwig image augmentation that Overture does not support yet" }]);
  });

  it('refuses min above max, a negative or fractional degree, an even or zero blur kernel, negative factors and unknown keys', () => {
    expect(problems([
      { type: 'random_brightness', min: 2, max: 1 }, { type: 'random_rotate', degree: -5 }, { type: 'random_rotate', degree: 2.5 },
      { type: 'random_blur', kernel_size: 4 }, { type: 'random_blur', kernel_size: 0 }, { type: 'random_contrast', min: -1 }, { type: 'random_rotate', degre: 3 },
    ])).toEqual([
      ['input_features[0].augmentation[0].max', 'max (1) is below min (2)'],
      ['input_features[0].augmentation[1].degree', expect.stringContaining('>=0')],
      ['input_features[0].augmentation[2].degree', expect.stringContaining('int')],
      ['input_features[0].augmentation[3].kernel_size', "kernel_size must be odd (torchvision's gaussian_blur refuses an even one)"],
      ['input_features[0].augmentation[4].kernel_size', expect.stringContaining('>0')],
      ['input_features[0].augmentation[5].min', expect.stringContaining('>=0')],
      ['input_features[0].augmentation[6].degre', "unknown key 'degre' in input_features[0].augmentation[6]"],
    ]);
  });

  it('refuses a value that is neither a boolean nor a list', () => {
    expect(problems('yes')).toEqual([['input_features[0].augmentation', "expected a boolean or a list, got 'yes'"]]);
  });
});
