import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import type { RawTable } from '../../data/index.js';
import { forecastSamplesFor } from '../../api/forecast-samples.js';
import { predictRows } from '../../evaluation/predict.js';
import { preprocessForTraining } from '../../preprocessing/index.js';
import { splitRows } from '../../training/batches.js';
import { evaluateSplit } from '../../training/evaluate-split.js';
import { trainModel } from '../../training/train.js';
import { SeededRandom } from '../../util/random.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const HISTORY = 48;
const HORIZON = 6;
const SEASON = 24;

/**
 * A load curve: level 10, trend 0.004 a step, a daily (24-step) sine of amplitude 3 and Gaussian
 * noise σ 0.3. Each row is the 48 steps up to t and the 6 steps after it, as series cells, and
 * whether the next step rises (a category target read from the same history).
 */
function loadTable(rows: number, seed: number, shuffleTargets = false): RawTable {
  const rng = new SeededRandom(seed);
  const n = rows + HISTORY + HORIZON;
  const y = Array.from({ length: n }, (_, t) => 10 + 0.004 * t + 3 * Math.sin((2 * Math.PI * t) / SEASON) + 0.3 * rng.nextGaussian());
  const data: Record<string, string[]> = { history: [], next: [], direction: [] };
  for (let r = 0; r < rows; r++) {
    const t = r + HISTORY;
    data.history.push(y.slice(t - HISTORY, t).map((v) => v.toFixed(4)).join(' '));
    data.next.push(y.slice(t, t + HORIZON).map((v) => v.toFixed(4)).join(' '));
    // The noise-free curve's direction: learnable from the phase the history shows.
    data.direction.push(Math.cos((2 * Math.PI * (t - 0.5)) / SEASON) > 0 ? 'up' : 'down');
  }
  if (shuffleTargets) {
    const perm = rng.permutation(rows);
    data.next = Array.from(perm, (i) => data.next[i]);
  }
  return { columns: Object.keys(data), rowCount: rows, data };
}

async function forecast(encoder: Record<string, unknown>, options: { shuffleTargets?: boolean; epochs?: number } = {}) {
  const config = resolveConfig({
    input_features: [{ name: 'history', type: 'timeseries', encoder }],
    output_features: [{ name: 'next', type: 'timeseries' }, { name: 'direction', type: 'category' }],
    trainer: { epochs: options.epochs ?? 25, batch_size: 32, learning_rate: 0.001, early_stop: -1 },
  }).config;
  const { dataset, metadata } = preprocessForTraining(loadTable(900, 4, options.shuffleTargets), config, { seed: 5 });
  const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
  try {
    const test = splitRows(dataset, 2);
    const metrics = evaluateSplit(outcome.model, dataset, metadata, test, 256);
    // Seasonal naive on the same test rows: each horizon step is the value one season before it, read from the history the model sees.
    const history = dataset.features.history.values as Float32Array;
    const truth = dataset.features.next.values as Float32Array;
    let naive = 0;
    for (const row of test) {
      for (let h = 0; h < HORIZON; h++) naive += Math.abs(truth[row * HORIZON + h] - history[row * HISTORY + HISTORY + h - SEASON]);
    }
    const predicted = predictRows(outcome.model, dataset, test, 256).outputs.next.values;
    const samples = forecastSamplesFor(outcome.model, dataset, test, 3);
    return {
      samples, test, truth,
      mae: metrics.next.mean_absolute_error, naiveMae: naive / (test.length * HORIZON), accuracy: metrics.direction.accuracy,
      predicted, width: predicted.length / test.length,
    };
  } finally {
    outcome.model.dispose();
  }
}

const encoders = {
  nbeats: { type: 'nbeats', num_stacks: 2, num_blocks: 2, num_layers: 2, layer_size: 64, output_size: 32 },
  patchtst: { type: 'patchtst', patch_size: 8, patch_stride: 4, d_model: 32, num_heads: 4, num_layers: 2, ffn_dim: 64, output_size: 32, dropout: 0 },
};

describe('the nbeats and patchtst timeseries encoders', () => {
  it.each(Object.entries(encoders))(
    '%s forecasts a seasonal series with trend and noise about as well as seasonal naive, where shuffled targets do not, and tells the next step\'s direction',
    async (name, encoder) => {
      const tensors = tf.memory().numTensors;
      const real = await forecast(encoder);
      const control = await forecast(encoder, { shuffleTargets: true });
      console.log(`${name}: test MAE ${real.mae.toFixed(3)}, seasonal naive ${real.naiveMae.toFixed(3)}, shuffled-target control ${control.mae.toFixed(3)}, direction accuracy ${real.accuracy.toFixed(3)}`);
      expect(real.width).toBe(HORIZON);
      // The run page's sample: the history read, the truth and the forecast of the first test rows.
      expect(Object.keys(real.samples)).toEqual(['next']);
      expect(real.samples.next.input).toBe('history');
      expect(real.samples.next.samples.map((s) => s.row)).toEqual(Array.from(real.test.subarray(0, 3)));
      const first = real.samples.next.samples[0];
      expect(first.history).toHaveLength(HISTORY);
      expect(first.truth).toEqual(Array.from(real.truth.subarray(real.test[0] * HORIZON, (real.test[0] + 1) * HORIZON), (v) => Math.round(v * 1e5) / 1e5));
      expect(Math.max(...first.forecast.map((v, h) => Math.abs(v - real.predicted[h])))).toBeLessThan(1e-4);
      // Noise alone costs ~0.24 (σ·√(2/π)); seasonal naive pays the noise twice and a season of trend (~0.4).
      expect(real.mae).toBeLessThan(real.naiveMae * 1.1);
      expect(control.mae).toBeGreaterThan(real.mae * 3);
      expect(real.accuracy).toBeGreaterThan(0.85);
      expect(tf.getBackend()).toBe('wasm');
      expect(tf.memory().numTensors).toBe(tensors);
    },
    240_000,
  );

  it('refuses a patch longer than the series with a clear message', async () => {
    const config = resolveConfig({
      input_features: [{ name: 'history', type: 'timeseries', encoder: { type: 'patchtst', patch_size: 64 } }],
      output_features: [{ name: 'next', type: 'timeseries' }],
      trainer: { epochs: 1 },
    }).config;
    const { dataset, metadata } = preprocessForTraining(loadTable(60, 1), config, { seed: 5 });
    const error = await trainModel({ config, dataset, metadata, seed: 9 }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OvertureError);
    expect((error as OvertureError).message).toBe("feature 'history': the series has 48 steps, fewer than patch_size 64; use a smaller patch_size or a longer series (window_size, timeseries_length_limit)");
  });
});
