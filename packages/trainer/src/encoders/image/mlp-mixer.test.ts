import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ZMlpMixerEncoder } from '@overture/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import { ParameterStore } from '../../model/parameters.js';
import { SeededRandom } from '../../util/random.js';
import { learnBars } from './learn.js';
import { mlpMixerEncoder } from './mlp-mixer.js';
import { imageInput } from './test-images.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(path.join(tmpdir(), 'overture-mixer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mlp_mixer image encoder', () => {
  it('outputs embed_size values with avg_pool, every patch as a sequence without, and refuses a patch size that does not divide the image', () => {
    const build = (encoder: object, side: number) => mlpMixerEncoder({
      name: 'encoders.digit', config: ZMlpMixerEncoder.parse({ type: 'mlp_mixer', embed_size: 6, token_size: 4, channel_dim: 5, num_layers: 1, ...encoder }),
      input: imageInput(side, side, 1), params: new ParameterStore(), rng: new SeededRandom(1),
    });
    expect(build({ patch_size: 4 }, 8).outputSize).toBe(6);
    expect(build({ patch_size: 2, avg_pool: false }, 8).sequence).toMatchObject({ steps: 16, size: 6 });
    expect(() => build({}, 8)).toThrow("Image encoder mlp_mixer of 'digit': patch_size 16 must divide the image height and width (images are 8×8); choose a patch_size that divides both, or set preprocessing height and width to multiples of 16.");
  });

  it('learns horizontal from vertical bars in 16×16 PNGs, far above a shuffled-label control', async () => {
    const result = await learnBars(dir, { type: 'mlp_mixer', patch_size: 4, embed_size: 32, token_size: 16, channel_dim: 32, num_layers: 2 }, { n: 160, size: 16, epochs: 15, batchSize: 16, learningRate: 0.003 });
    console.log('mlp_mixer bars', result);
    expect(result.accuracy).toBeGreaterThan(0.9);
    // 40 test rows: a chance-level control stays below 0.75 (0.5 + 3 standard deviations).
    expect(result.control).toBeLessThan(0.75);
  }, 120_000);
});
