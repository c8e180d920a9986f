import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { RawTable } from '../../data/index.js';
import { SeededRandom } from '../../util/random.js';
import type { EncoderInputInfo } from '../encoder.js';

/**
 * `n` size × size gray PNGs under `dir`/bars of one bright bar, two pixels thick (horizontal or
 * vertical, at a random row or column), on noise, named by relative path in an `image_path`
 * column with the orientation as the label: no pixel alone tells them apart. With `shuffled`, the
 * labels are permuted (the control a learner must not beat).
 */
export async function barImages(dir: string, n: number, size: number, seed: number, shuffled = false): Promise<RawTable> {
  const rng = new SeededRandom(seed);
  mkdirSync(path.join(dir, 'bars'), { recursive: true });
  const paths: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const horizontal = i % 2 === 0;
    const at = rng.nextInt(size - 1);
    const pixels = Buffer.alloc(size * size);
    for (let p = 0; p < size * size; p++) {
      const [y, x] = [Math.floor(p / size), p % size];
      const on = horizontal ? y === at || y === at + 1 : x === at || x === at + 1;
      pixels[p] = on ? 180 + rng.nextInt(76) : rng.nextInt(110);
    }
    const file = `bars/${seed}-${i}.png`;
    writeFileSync(path.join(dir, file), await sharp(pixels, { raw: { width: size, height: size, channels: 1 } }).toColourspace('b-w').png().toBuffer());
    paths.push(file);
    labels.push(horizontal ? 'horizontal' : 'vertical');
  }
  if (shuffled) {
    for (let i = labels.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [labels[i], labels[j]] = [labels[j], labels[i]];
    }
  }
  return { columns: ['image_path', 'orientation'], rowCount: n, data: { image_path: paths, orientation: labels } };
}

/** What an image encoder is built from for an image of this size (no standardization). */
export function imageInput(height: number, width: number, channels: number): EncoderInputInfo {
  return {
    width: height * width * channels, vocabSize: 0,
    metadata: { type: 'image', height, width, num_channels: channels, preprocessing: { standardize_image: null } } as unknown as EncoderInputInfo['metadata'],
  };
}
