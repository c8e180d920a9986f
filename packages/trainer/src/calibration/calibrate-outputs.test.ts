import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawTable } from '../data/index.js';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import { loadBundle } from '../bundle/load-bundle.js';
import { predictTable } from '../api/bundle-predict.js';
import { splitRows } from '../training/batches.js';
import { predictRows } from '../evaluation/predict.js';
import { resolved } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { expectedCalibrationError } from './temperature-scaling.js';
import type { OutputCalibration } from './report.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * Noisy labels (P(yes) = σ(1.5·x1), classes of a noisy score) and twenty columns of noise: a wide
 * MLP trained for many epochs on 300 rows memorises them and is over-confident elsewhere.
 */
function noisyTable(rows: number, seed = 11): RawTable {
  const rng = new SeededRandom(seed);
  const data: Record<string, string[]> = { label: [], kind: [] };
  const noise = Array.from({ length: 20 }, (_, i) => `n${i}`);
  for (const c of ['x1', ...noise]) data[c] = [];
  for (let i = 0; i < rows; i++) {
    const x1 = rng.nextGaussian();
    data.x1.push(x1.toFixed(4));
    for (const c of noise) data[c].push(rng.nextGaussian().toFixed(4));
    data.label.push(rng.next() < 1 / (1 + Math.exp(-1.5 * x1)) ? 'yes' : 'no');
    const score = x1 + rng.nextGaussian();
    data.kind.push(score > 0.7 ? 'high' : score > -0.7 ? 'mid' : 'low');
  }
  return { columns: Object.keys(data), rowCount: rows, data };
}

const rawConfig = (calibration: boolean, split: number[] = [0.4, 0.3, 0.3], epochs = 20) => ({
  input_features: ['x1', ...Array.from({ length: 20 }, (_, i) => `n${i}`)].map((name) => ({ name, type: 'number' })),
  output_features: [{ name: 'label', type: 'binary', calibration }, { name: 'kind', type: 'category', calibration }],
  combiner: { type: 'concat', num_fc_layers: 2, output_size: 256 },
  trainer: { epochs, batch_size: 32, learning_rate: 0.002, early_stop: -1, skip_all_evaluation: true },
  preprocessing: { split: { type: 'random', probabilities: split } },
});
const configWith = (calibration: boolean) => resolved(rawConfig(calibration));

async function train(calibration: boolean, outputDirectory?: string) {
  return trainOnTable({ table: noisyTable(800), config: configWith(calibration), seed: 5, featureImportance: false, outputDirectory });
}

type Stats = Record<string, { accuracy: number; calibration: { expected_calibration_error: number } }>;

describe('calibration: true on binary and category outputs', () => {
  let plain: Awaited<ReturnType<typeof train>>;
  let calibrated: Awaited<ReturnType<typeof train>>;
  let directory: string;
  const logs: string[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'overture-calibration-'));
    directories.push(directory);
    plain = await train(false);
    calibrated = await trainOnTable({
      table: noisyTable(800), config: configWith(true), seed: 5, featureImportance: false, outputDirectory: directory, log: (m) => logs.push(m),
    });
  }, 120_000);

  afterAll(() => {
    plain?.outcome.model.dispose();
    calibrated?.outcome.model.dispose();
  });

  it('fits T > 1 for an over-confident model and lowers its validation ECE and NLL', () => {
    expect(plain.outcome.calibration).toBeNull();
    for (const name of ['label', 'kind']) {
      const fit = calibrated.outcome.calibration![name] as Extract<OutputCalibration, { split: 'validation' }>;
      expect(fit.reverted).toBeNull();
      expect(fit.temperature).toBeGreaterThan(2);
      expect(fit.temperature).toBeLessThan(15);
      expect(calibrated.outcome.model.temperatureOf(name)).toBe(fit.temperature);
      expect(fit.after.ece).toBeLessThan(fit.before.ece * 0.5);
      expect(fit.after.nll).toBeLessThan(fit.before.nll);
      expect(plain.outcome.model.temperatureOf(name)).toBe(1);
    }
    expect(logs.filter((l) => l.startsWith("calibration of 'label': T = "))).toHaveLength(1);
  });

  it('gives the calibrated model a lower validation ECE than the same model trained without it', () => {
    const rows = splitRows(calibrated.dataset, 1);
    const ece = (run: typeof plain) => {
      const probabilities = predictRows(run.outcome.model, run.dataset, rows, 256).outputs.label.values;
      // ECE of the top label from probabilities: logit = log(p / (1 − p)).
      const logits = Float32Array.from(probabilities, (p) => Math.log(p / (1 - p)));
      const labels = Float32Array.from(rows, (r) => run.dataset.features.label.values[r]);
      return expectedCalibrationError({ kind: 'binary', logits, labels, classes: 1 }, 1);
    };
    expect(ece(calibrated)).toBeLessThan(ece(plain) * 0.5);
  });

  it('evaluates the test split with the calibrated probabilities: lower reliability ECE, same category accuracy', () => {
    const plainStats = plain.testStatistics as Stats;
    const calibratedStats = calibrated.testStatistics as Stats;
    expect(calibratedStats.label.calibration.expected_calibration_error).toBeLessThan(plainStats.label.calibration.expected_calibration_error * 0.6);
    expect(calibratedStats.kind.calibration.expected_calibration_error).toBeLessThan(plainStats.kind.calibration.expected_calibration_error * 0.6);
    expect(calibratedStats.kind.accuracy).toBe(plainStats.kind.accuracy);
  });

  it('keeps the temperatures in bundle.json and applies them when the bundle is loaded', async () => {
    const manifest = JSON.parse(await readFile(path.join(directory, 'model', 'bundle.json'), 'utf8'));
    expect(manifest.format_version).toBe('1.3');
    expect(manifest.calibration.label.temperature).toBe(calibrated.outcome.calibration!.label.temperature);
    expect(await readFile(path.join(directory, 'model', 'card.md'), 'utf8')).toMatch(/## Calibration[\s\S]*- label: temperature T = \d/);
    const bundle = await loadBundle(path.join(directory, 'model'));
    try {
      expect(bundle.model.temperatureOf('kind')).toBe(calibrated.outcome.calibration!.kind.temperature);
      const table = noisyTable(800);
      const loaded = predictTable(bundle, table).records;
      const plainBundle = { ...bundle, model: plain.outcome.model };
      const uncalibrated = predictTable(plainBundle, table).records;
      // Same weights: the category's predicted classes agree, its probabilities do not.
      expect(loaded.map((r) => r.kind_predictions)).toEqual(uncalibrated.map((r) => r.kind_predictions));
      expect(loaded.some((r, i) => Math.abs(Number(r.kind_probability) - Number(uncalibrated[i].kind_probability)) > 0.01)).toBe(true);
      // The binary threshold (0.5) applies to the calibrated P(yes), as in Ludwig.
      expect(loaded.every((r) => (r.label_predictions === 'yes') === (Number(r.label_probabilities_yes) >= 0.5))).toBe(true);
    } finally {
      bundle.model.dispose();
    }
  });

  it('skips calibration with a warning in the log when there are no validation rows', async () => {
    const messages: string[] = [];
    const result = await trainOnTable({
      table: noisyTable(200), seed: 5, featureImportance: false, log: (m) => messages.push(m),
      config: resolved(rawConfig(true, [0.8, 0, 0.2], 1)),
    });
    try {
      expect(result.outcome.calibration).toEqual({
        label: { method: 'temperature_scaling', temperature: 1, skipped: 'no_validation_rows' },
        kind: { method: 'temperature_scaling', temperature: 1, skipped: 'no_validation_rows' },
      });
      expect(messages.some((m) => /^warning: calibration skipped for 'label', 'kind': there are no validation rows/.test(m))).toBe(true);
      expect(result.outcome.model.temperatureOf('label')).toBe(1);
    } finally {
      result.outcome.model.dispose();
    }
  });
});
