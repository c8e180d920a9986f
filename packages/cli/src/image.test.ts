import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine, predictionResponse } from '@overture/serving';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

/** An 8×8 gray PNG with one bright bar (row or column `at`) on dim noise. */
function barPng(horizontal: boolean, at: number, next: () => number): Promise<Buffer> {
  const pixels = Buffer.alloc(64);
  for (let p = 0; p < 64; p++) {
    const [y, x] = [Math.floor(p / 8), p % 8];
    pixels[p] = (horizontal ? y === at : x === at) ? 200 + Math.floor(next() * 56) : Math.floor(next() * 90);
  }
  return sharp(pixels, { raw: { width: 8, height: 8, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

describe('an image input with the stacked_cnn encoder, end to end through the CLI and serving', () => {
  const dir = tempDir();
  let model: string;
  let engine: ServingEngine;
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'bars'));
    const lines = ['image_path,orientation'];
    for (let i = 0; i < 200; i++) {
      const horizontal = i % 2 === 0;
      writeFile(dir, `bars/${i}.png`, await barPng(horizontal, 1 + Math.floor(next() * 6), next));
      lines.push(`bars/${i}.png,${horizontal ? 'horizontal' : 'vertical'}`);
    }
    const dataset = writeFile(dir, 'bars.csv', `${lines.join('\n')}\n`);
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: image_path, type: image, encoder: {type: stacked_cnn, kernel_size: 2, output_size: 32}}]',
      'output_features: [{name: orientation, type: category}]',
      'trainer: {epochs: 20, batch_size: 16, learning_rate: 0.003, early_stop: -1}',
    ].join('\n'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(dir, 'out', 'model');
    engine = new ServingEngine();
    await engine.load('bars', model);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  it('learns the task: accuracy above 0.97 on the whole dataset', async () => {
    const run = await runCli(['evaluate', '--model', model, '--dataset', path.join(dir, 'bars.csv'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).orientation.accuracy).toBeGreaterThan(0.97);
  });

  it("stores Ludwig's image metadata: the inferred size and channels", () => {
    const metadata = JSON.parse(readFileSync(path.join(model, 'training_set_metadata.json'), 'utf8'));
    expect(metadata.image_path).toMatchObject({ type: 'image', height: 8, width: 8, num_channels: 1 });
  });

  it('predicts image files named in a CSV on the ONNX path as tfjs does; a path outside the folder is a row error', async () => {
    const fresh = [await barPng(true, 3, next), await barPng(false, 5, next)];
    fresh.forEach((png, i) => writeFile(dir, `bars/new-${i}.png`, png));
    const rows = writeFile(dir, 'rows.csv', 'image_path\nbars/new-0.png\nbars/new-1.png\n../elsewhere.png\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    expect(a.slice(0, 2).map((r) => r.orientation_predictions)).toEqual(['horizontal', 'vertical']);
    expect(Math.abs((a[0].orientation_probability as number) - (b[0].orientation_probability as number))).toBeLessThan(1e-4);
    expect(onnx.stderr).toContain("row 3: 'image_path' names a path outside the dataset's folder ('../elsewhere.png'); images are read only inside it.");
  });

  it('serves images sent as data URIs and base64; a path, a number and a corrupt image are row errors', async () => {
    const [h, v] = [await barPng(true, 2, next), await barPng(false, 6, next)];
    const result = predictionResponse(await engine.predict('bars', [
      { image_path: `data:image/png;base64,${h.toString('base64')}` },
      { image_path: v.toString('base64') },
      { image_path: 'bars/0.png' },
      { image_path: 7 },
      { image_path: `data:image/png;base64,${h.subarray(0, 40).toString('base64')}` },
    ]));
    const predictions = result.predictions as ({ orientation: { prediction: string } } | null)[];
    expect(predictions.map((p) => p?.orientation.prediction ?? null)).toEqual(['horizontal', 'vertical', null, null, null]);
    expect(result.errors?.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(result.errors?.[0].message).toBe("'image_path' is a file path, and paths are not read here: send the image as base64 or a data URI (data:image/png;base64,…).");
    expect(result.errors?.[1].message).toMatch(/^'image_path' must be a string \(a data URI/);
    expect(result.errors?.[2].message).toMatch(/^'image_path' is a PNG file that cannot be decoded/);
  });

  it('explains an image prediction by occlusion (the baseline is the fill image of the training mean colour)', async () => {
    const png = await barPng(true, 4, next);
    const body = predictionResponse(await engine.predict('bars', [{ image_path: `data:image/png;base64,${png.toString('base64')}` }], { explain: true }));
    const attribution = body.explanations?.[0]?.orientation?.attributions.image_path ?? 0;
    // The prediction is confident; the uniform fill image leaves the model near chance.
    expect(attribution).toBeGreaterThan(0.2);
  });

  it('draws a saliency map by occluding patches: the patches on the bar matter most', async () => {
    const across = await barPng(true, 4, next); // row 4 of 8: patch row 3 of the 6 × 6 grid (rows 4–5 of the picture)
    const down = await barPng(false, 1, next); // column 1: patch column 1
    const body = predictionResponse(await engine.predict('bars', [across, down].map((png) => ({ image_path: `data:image/png;base64,${png.toString('base64')}` })), { explain: true }));
    const [a, d] = [0, 1].map((i) => body.explanations?.[i]?.orientation?.images?.image_path);
    expect([a?.rows, a?.cols, a?.attributions.length]).toEqual([6, 6, 36]);
    const argmax = (values: number[]) => values.indexOf(Math.max(...values));
    const byRow = (m: typeof a) => [0, 1, 2, 3, 4, 5].map((r) => m!.attributions.slice(r * 6, r * 6 + 6).reduce((x, y) => x + y, 0));
    const byColumn = (m: typeof a) => [0, 1, 2, 3, 4, 5].map((c) => [0, 1, 2, 3, 4, 5].reduce((x, r) => x + m!.attributions[r * 6 + c], 0));
    expect(argmax(byRow(a))).toBe(3);
    expect(argmax(byColumn(d))).toBe(1);
  });

  it('refuses pretrained resnet weights (Ludwig\'s default) and auto_augmentation by name', async () => {
    const config = writeFile(dir, 'resnet.yaml', [
      'input_features: [{name: image_path, type: image, encoder: {type: resnet}, augmentation: [{type: random_horizontal_flip}, {type: auto_augmentation}]}]',
      'output_features: [{name: orientation, type: category}]',
    ].join('\n'));
    const run = await runCli(['train', '--config', config, '--dataset', path.join(dir, 'bars.csv'), '--output-directory', path.join(dir, 'refused')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("pretrained resnet weights (use_pretrained: true, Ludwig's default) are not supported yet (feature 'image_path'): they would have to be downloaded from torchvision, which Overture never does; set use_pretrained: false to train the resnet architecture from scratch");
    expect(run.stderr).toContain("'auto_augmentation' is a Ludwig image augmentation that Overture does not support yet");
  });
});
