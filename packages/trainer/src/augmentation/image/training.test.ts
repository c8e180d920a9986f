import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { resolveConfig } from '@overture/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import type { RawTable } from '../../data/index.js';
import { exportModelToOnnx } from '../../export/export-model.js';
import { EcdModel } from '../../model/ecd.js';
import { decodeMediaInputs, preprocessForTraining } from '../../preprocessing/index.js';
import { splitRows } from '../../training/batches.js';
import { evaluateSplit } from '../../training/evaluate-split.js';
import { trainModel } from '../../training/train.js';
import { SeededRandom } from '../../util/random.js';

let dir: string;

/**
 * `n` 8×8 gray PNGs of one bright bar, horizontal or vertical, at a random row or column, on noise.
 * Flipping either way keeps a bar's orientation, so the flips are label-preserving here.
 */
async function barImages(n: number, seed: number): Promise<RawTable> {
  const rng = new SeededRandom(seed);
  mkdirSync(path.join(dir, 'bars'), { recursive: true });
  const paths: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const horizontal = i % 2 === 0;
    const at = rng.nextInt(8);
    const pixels = Buffer.alloc(64);
    for (let p = 0; p < 64; p++) {
      const [y, x] = [Math.floor(p / 8), p % 8];
      pixels[p] = (horizontal ? y === at : x === at) ? 200 + rng.nextInt(56) : rng.nextInt(90);
    }
    const file = `bars/${seed}-${i}.png`;
    writeFileSync(path.join(dir, file), await sharp(pixels, { raw: { width: 8, height: 8, channels: 1 } }).toColourspace('b-w').png().toBuffer());
    paths.push(file);
    labels.push(horizontal ? 'horizontal' : 'vertical');
  }
  return { columns: ['image_path', 'orientation'], rowCount: n, data: { image_path: paths, orientation: labels } };
}

const configWith = (augmentation: unknown, epochs = 12) => resolveConfig({
  input_features: [{ name: 'image_path', type: 'image', encoder: { type: 'stacked_cnn', kernel_size: 2, output_size: 32 }, augmentation }],
  output_features: [{ name: 'orientation', type: 'category' }],
  trainer: { epochs, batch_size: 16, learning_rate: 0.003, early_stop: -1 },
  preprocessing: { split: { type: 'random', probabilities: [0.75, 0, 0.25] } },
}).config;

const augmentations = [{ type: 'random_horizontal_flip' }, { type: 'random_vertical_flip' }, { type: 'random_rotate', degree: 10 }, { type: 'random_brightness', min: 0.8, max: 1.2 }];

beforeAll(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(path.join(tmpdir(), 'overture-augment-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('image augmentation in training', () => {
  it('changes only training: the same model evaluates and exports identically with and without augmentation configured, and training with it moves the weights elsewhere', async () => {
    const table = await barImages(48, 5);
    const plain = configWith(false, 1);
    const augmented = configWith(augmentations, 1);
    const images = await decodeMediaInputs(table, plain, { root: dir });
    const { dataset, metadata } = preprocessForTraining(table, plain, { seed: 1, images });
    const rows = splitRows(dataset, 2);
    const a = new EcdModel(plain, metadata, 9);
    const b = new EcdModel(augmented, metadata, 9);
    try {
      expect(evaluateSplit(b, dataset, metadata, rows, 256)).toEqual(evaluateSplit(a, dataset, metadata, rows, 256));
      expect(exportModelToOnnx(b)).toEqual(exportModelToOnnx(a));
    } finally {
      a.dispose();
      b.dispose();
    }
    const trainedPlain = await trainModel({ config: plain, dataset, metadata, seed: 2 });
    const trainedAugmented = await trainModel({ config: augmented, dataset, metadata, seed: 2 });
    const again = await trainModel({ config: augmented, dataset, metadata, seed: 2 });
    try {
      const weights = (o: typeof trainedPlain) => Object.values(o.model.params.snapshot()).flatMap((w) => Array.from(w.values));
      expect(weights(trainedAugmented)).not.toEqual(weights(trainedPlain));
      expect(weights(again)).toEqual(weights(trainedAugmented));
    } finally {
      for (const o of [trainedPlain, trainedAugmented, again]) o.model.dispose();
    }
  });

  it('learns horizontal from vertical bars at random positions with flips, a small rotation and brightness (test accuracy above 0.9)', async () => {
    const table = await barImages(160, 3);
    const config = configWith(augmentations, 15);
    const images = await decodeMediaInputs(table, config, { root: dir });
    const { dataset, metadata } = preprocessForTraining(table, config, { seed: 1, images });
    const outcome = await trainModel({ config, dataset, metadata, seed: 2 });
    try {
      const test = evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).orientation;
      expect(test.accuracy).toBeGreaterThan(0.9);
    } finally {
      outcome.model.dispose();
    }
  });
});
