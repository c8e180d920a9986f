import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import { ParameterStore } from '../../model/parameters.js';
import { SeededRandom } from '../../util/random.js';
import { learnBars } from './learn.js';
import { Resnet, resnetLayouts } from './resnet.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(path.join(tmpdir(), 'overture-resnet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resnet image encoder', () => {
  it("has torchvision's parameter counts (resnet 18: 11,176,512 without fc; 50: 23,508,032) and 512 / 2,048 outputs", () => {
    for (const [variant, count, size] of [[18, 11_176_512, 512], [50, 23_508_032, 2048]] as const) {
      const params = new ParameterStore();
      const net = new Resnet(params, 'r', [16, 16, 3], resnetLayouts[variant], new SeededRandom(1));
      // torchvision counts the batch norms' weight and bias, not their running statistics.
      const trained = params.names().filter((n) => !n.endsWith('running_mean') && !n.endsWith('running_var')).reduce((s, n) => s + params.get(n).size, 0);
      expect([trained, net.outputSize]).toEqual([count, size]);
      params.dispose();
    }
  });

  it('takes tiny images: an 8×8 or even 1×1 map bottoms out at 1×1, as torchvision\'s adaptive average pool', () => {
    const params = new ParameterStore();
    for (const side of [1, 3, 8]) expect(new Resnet(params, `r${side}`, [side, side, 1], resnetLayouts[18], new SeededRandom(1)).outputSize).toBe(512);
    params.dispose();
  });

  it('learns horizontal from vertical bars in 16×16 PNGs with resnet 18 from scratch, far above a shuffled-label control', async () => {
    const result = await learnBars(dir, { type: 'resnet', model_variant: 18, use_pretrained: false }, { n: 160, size: 16, epochs: 15, batchSize: 16, learningRate: 0.001 });
    console.log('resnet 18 bars', result);
    expect(result.accuracy).toBeGreaterThan(0.9);
    // 40 test rows: a chance-level control stays below 0.75 (0.5 + 3 standard deviations).
    expect(result.control).toBeLessThan(0.75);
  }, 240_000);
});
