/**
 * Benchmark: images/s of the image augmentation operations on 32×32×3 uint8 batches of 64 (each
 * operation forced to fire, and Ludwig's pipeline of all six at probability ½), then the time of a
 * stacked_cnn training step on 32×32×3 images with and without that pipeline (in process, wasm).
 *
 *   npx tsx bench/image-augmentation.ts [--steps N]
 *
 * Writes bench/results/image-augmentation.json. Target: augmentation well under a tenth of a step.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../packages/trainer/src/backend/init-backend.js';
import { decodeMediaInputs, preprocessForTraining } from '../packages/trainer/src/preprocessing/index.js';
import { trainModel } from '../packages/trainer/src/training/train.js';
import { augmentationRandom, ImageAugmentation } from '../packages/trainer/src/augmentation/image/index.js';
import { blur } from '../packages/trainer/src/augmentation/image/blur.js';
import { adjustBrightness, adjustContrast } from '../packages/trainer/src/augmentation/image/color.js';
import { flipHorizontal, flipVertical } from '../packages/trainer/src/augmentation/image/flip.js';
import { rotate } from '../packages/trainer/src/augmentation/image/rotate.js';
import type { ImageBatch } from '../packages/trainer/src/augmentation/image/image-batch.js';
import { positiveIntOption } from './lib/cli.js';
import { seededRandom } from './lib/random.js';
import { writeResults } from './lib/results.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';

const [H, W, C, BATCH] = [32, 32, 3, 64];
const random = seededRandom(7);
const source = Uint8Array.from({ length: BATCH * H * W * C }, () => Math.floor(random() * 256));

/** Images/s of `op` over fresh copies of the batch, best of 5 rounds of ~0.3 s. */
function imagesPerSecond(op: (batch: ImageBatch, round: number) => void): number {
  let best = 0;
  for (let r = 0; r < 5; r++) {
    let images = 0;
    const started = performance.now();
    let i = 0;
    while (performance.now() - started < 300) {
      const batch = { pixels: source.slice(), count: BATCH, height: H, width: W, channels: C };
      op(batch, i++);
      images += BATCH;
    }
    best = Math.max(best, images / ((performance.now() - started) / 1000));
  }
  return best;
}

const allOps = [
  { type: 'random_horizontal_flip' }, { type: 'random_vertical_flip' }, { type: 'random_rotate', degree: 15 },
  { type: 'random_blur', kernel_size: 3 }, { type: 'random_brightness', min: 0.5, max: 2 }, { type: 'random_contrast', min: 0.5, max: 2 },
] as const;
const pipeline = new ImageAugmentation('image', { height: H, width: W, channels: C }, [...allOps]);

const copyOnly = imagesPerSecond(() => undefined);
const ops: [string, (b: ImageBatch, i: number) => void][] = [
  ['copy of the batch only', () => undefined],
  ['random_horizontal_flip', flipHorizontal],
  ['random_vertical_flip', flipVertical],
  ['random_rotate (bilinear)', (b, i) => rotate(b, (i % 30) - 15)],
  ['random_blur (k = 3)', (b) => blur(b, 3)],
  ['random_blur (k = 7)', (b) => blur(b, 7)],
  ['random_brightness', (b, i) => adjustBrightness(b, 0.5 + (i % 10) / 6)],
  ['random_contrast', (b, i) => adjustContrast(b, 0.5 + (i % 10) / 6)],
  ['all six, each with p = ½ (Ludwig)', (b, i) => pipeline.apply(b.pixels, b.count, augmentationRandom(1, i))],
];
const opRates = ops.map(([name, op]) => ({ name, images_per_s: Math.round(name.startsWith('copy') ? copyOnly : imagesPerSecond(op)) }));
console.log(`\nImage augmentation on ${BATCH} × ${H}×${W}×${C} uint8 batches (includes a copy of the batch each time)\n`);
console.log(formatTable(['operation', 'images/s'], opRates.map((r) => [r.name, r.images_per_s.toLocaleString('en')]), ['left', 'right']));

// Training steps: 512 generated 32×32 RGB PNGs, stacked_cnn (Ludwig's two default layers), batch 64.
await initBackend('wasm');
const steps = positiveIntOption('steps', 40);
const dir = await mkdtemp(join(tmpdir(), 'overture-augment-bench-'));
try {
  const rows = 512;
  const paths: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < rows; i++) {
    const pixels = Buffer.from(Uint8Array.from({ length: H * W * C }, () => Math.floor(random() * 256)));
    const file = `${i}.png`;
    await writeFile(join(dir, file), await sharp(pixels, { raw: { width: W, height: H, channels: C } }).png().toBuffer());
    paths.push(file);
    labels.push(i % 2 === 0 ? 'a' : 'b');
  }
  const table = { columns: ['image_path', 'label'], rowCount: rows, data: { image_path: paths, label: labels } };
  const configWith = (augmentation: unknown) => resolveConfig({
    input_features: [{ name: 'image_path', type: 'image', encoder: { type: 'stacked_cnn' }, augmentation }],
    output_features: [{ name: 'label', type: 'category' }],
    trainer: { train_steps: steps, batch_size: BATCH, learning_rate: 0.001, skip_all_evaluation: true },
    preprocessing: { split: { type: 'random', probabilities: [1, 0, 0] } },
  }).config;
  const plain = configWith(false);
  const images = await decodeMediaInputs(table, plain, { root: dir });
  const { dataset, metadata } = preprocessForTraining(table, plain, { seed: 1, images });
  const stepMs = async (augmentation: unknown) => {
    const started = performance.now();
    const outcome = await trainModel({ config: configWith(augmentation), dataset, metadata, seed: 2 });
    outcome.model.dispose();
    return (performance.now() - started) / steps;
  };
  await stepMs(false); // warm-up (kernel compilation)
  const times = { without: Infinity, with: Infinity };
  for (let r = 0; r < 2; r++) {
    times.without = Math.min(times.without, await stepMs(false));
    times.with = Math.min(times.with, await stepMs([...allOps]));
  }
  console.log(`\nstacked_cnn training step, batch ${BATCH} of ${H}×${W}×${C}, ${steps} steps, best of 2 (wasm, in process)\n`);
  console.log(formatTable(['augmentation', 'ms/step'], [
    ['none', round(times.without, 1).toString()],
    ['all six, p = ½', round(times.with, 1).toString()],
  ], ['left', 'right']));
  const file = await writeResults('image-augmentation', { shape: { batch: BATCH, height: H, width: W, channels: C }, ops: opRates, step_ms: times, steps });
  console.log(`\nwrote ${file}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
