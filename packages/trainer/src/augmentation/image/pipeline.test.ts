import { describe, expect, it } from 'vitest';
import { augmentationRandom, ImageAugmentation } from './index.js';

/** Four 4×4 RGB images of distinct values. */
const pixels = () => Uint8Array.from({ length: 4 * 4 * 4 * 3 }, (_, i) => (i * 37) % 256);
const shape = { height: 4, width: 4, channels: 3 };

describe('image augmentation pipeline', () => {
  const pipeline = new ImageAugmentation('photo', shape, [
    { type: 'random_horizontal_flip' }, { type: 'random_rotate', degree: 30 }, { type: 'random_blur', kernel_size: 3 },
    { type: 'random_brightness', min: 0.5, max: 2 }, { type: 'random_contrast', min: 0.5, max: 2 },
  ]);

  it('augments a batch the same way for the same seed and step, and differently at other steps', () => {
    const run = (seed: number, step: number) => { const p = pixels(); pipeline.apply(p, 4, augmentationRandom(seed, step)); return Array.from(p); };
    expect(run(7, 3)).toEqual(run(7, 3));
    const outcomes = new Set(Array.from({ length: 12 }, (_, step) => run(7, step).join(',')));
    expect(outcomes.size).toBeGreaterThan(8);
  });

  it('fires each operation on the whole batch with probability ½, as Ludwig: every image of a batch flipped or none', () => {
    const flip = new ImageAugmentation('photo', shape, [{ type: 'random_horizontal_flip' }]);
    let flipped = 0;
    for (let step = 0; step < 400; step++) {
      const p = pixels();
      flip.apply(p, 4, augmentationRandom(1, step));
      const changed = [0, 1, 2, 3].map((i) => p.subarray(i * 48, i * 48 + 48).some((v, j) => v !== pixels()[i * 48 + j]));
      expect(new Set(changed).size).toBe(1);
      if (changed[0]) flipped++;
    }
    expect(flipped).toBeGreaterThan(160);
    expect(flipped).toBeLessThan(240);
  });

  it('refuses brightness and contrast on gray + alpha or RGBA images, and a blur kernel larger than the image', () => {
    expect(() => new ImageAugmentation('photo', { height: 4, width: 4, channels: 4 }, [{ type: 'random_contrast', min: 0.5, max: 2 }]))
      .toThrow("Image feature 'photo': random_contrast needs gray or RGB images (1 or 3 channels); these have 4.");
    expect(() => new ImageAugmentation('photo', { height: 4, width: 4, channels: 2 }, [{ type: 'random_brightness', min: 0.5, max: 2 }]))
      .toThrow('random_brightness needs gray or RGB images');
    expect(() => new ImageAugmentation('photo', shape, [{ type: 'random_blur', kernel_size: 9 }]))
      .toThrow("Image feature 'photo': random_blur kernel_size 9 is too large for 4×4 images (at most 7).");
  });
});
