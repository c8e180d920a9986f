import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { resolveConfig, ZImageStackedCnnEncoder } from '@overture/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import type { RawTable } from '../../data/index.js';
import { decodeMediaInputs, preprocessForTraining } from '../../preprocessing/index.js';
import { splitRows } from '../../training/batches.js';
import { evaluateSplit } from '../../training/evaluate-split.js';
import { trainModel } from '../../training/train.js';
import { SeededRandom } from '../../util/random.js';
import { resolveConvLayers } from './stacked-cnn.js';

let dir: string;

/**
 * `n` 8×8 gray PNGs of one bright bar (horizontal or vertical, at a random row or column) on
 * noise, and a CSV-like table naming them by relative path: a task no pixel alone solves, and a
 * convolution with pooling learns in a few epochs.
 */
async function barImages(n: number, seed: number): Promise<RawTable> {
  const rng = new SeededRandom(seed);
  mkdirSync(path.join(dir, 'bars'), { recursive: true });
  const paths: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const horizontal = i % 2 === 0;
    const at = 1 + rng.nextInt(6);
    const pixels = Buffer.alloc(64);
    for (let p = 0; p < 64; p++) {
      const [y, x] = [Math.floor(p / 8), p % 8];
      pixels[p] = (horizontal ? y === at : x === at) ? 200 + rng.nextInt(56) : rng.nextInt(90);
    }
    const file = `bars/${i}.png`;
    writeFileSync(path.join(dir, file), await sharp(pixels, { raw: { width: 8, height: 8, channels: 1 } }).toColourspace('b-w').png().toBuffer());
    paths.push(file);
    labels.push(horizontal ? 'horizontal' : 'vertical');
  }
  return { columns: ['image_path', 'orientation'], rowCount: n, data: { image_path: paths, orientation: labels } };
}

beforeAll(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(path.join(tmpdir(), 'overture-bars-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stacked_cnn image encoder', () => {
  it('resolves Ludwig\'s default layers (32 and 64 filters, 3×3, 2×2 max pooling) and per-layer overrides', () => {
    const defaults = ZImageStackedCnnEncoder.parse({ type: 'stacked_cnn' });
    expect(resolveConvLayers(defaults).map((l) => [l.outChannels, l.kernel, l.pool?.kernel, l.pool?.stride, l.pool?.mode])).toEqual([
      [32, [3, 3], [2, 2], [2, 2], 'max'], [64, [3, 3], [2, 2], [2, 2], 'max'],
    ]);
    const custom = ZImageStackedCnnEncoder.parse({
      type: 'stacked_cnn', num_conv_layers: 3, out_channels: 8, pool_function: 'mean',
      conv_layers: null, kernel_size: [5, 3], conv_norm: 'batch',
    });
    expect(resolveConvLayers(custom).map((l) => [l.outChannels, l.kernel, l.norm, l.pool?.mode])).toEqual(new Array(3).fill([8, [5, 3], 'batch', 'avg']));
    // A layer's own pool window keeps the encoder's pool stride (Ludwig's default_pool_stride).
    const layered = ZImageStackedCnnEncoder.parse({ type: 'stacked_cnn', conv_layers: [{ pool_kernel_size: 3 }, { pool_kernel_size: null }] });
    expect(resolveConvLayers(layered).map((l) => l.pool && [l.pool.kernel, l.pool.stride])).toEqual([[[3, 3], [2, 2]], null]);
  });

  it("learns horizontal from vertical bars in 8×8 PNGs read from disk with Ludwig's two default layers (test accuracy above 0.95)", async () => {
    const table = await barImages(160, 3);
    const { config } = resolveConfig({
      input_features: [{ name: 'image_path', type: 'image', encoder: { type: 'stacked_cnn', kernel_size: 2, output_size: 32 } }],
      output_features: [{ name: 'orientation', type: 'category' }],
      trainer: { epochs: 15, batch_size: 16, learning_rate: 0.003, early_stop: -1 },
      preprocessing: { split: { type: 'random', probabilities: [0.75, 0, 0.25] } },
    });
    const started = Date.now();
    const images = await decodeMediaInputs(table, config, { root: dir });
    const { dataset, metadata } = preprocessForTraining(table, config, { seed: 1, images });
    const outcome = await trainModel({ config, dataset, metadata, seed: 2 });
    try {
      const test = evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).orientation;
      expect(test.accuracy).toBeGreaterThan(0.95);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      outcome.model.dispose();
    }
  });
});
