import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

const sensors = ['sensor_a', 'sensor_b', 'sensor_c', 'timestamp_hour'];

/** A seeded stream of uniforms and standard normals (Box–Muller). */
function random(seed: number) {
  let s = seed;
  const uniform = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const normal = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/**
 * Ludwig's examples/anomaly_detection data: normal sensor readings from a standard Gaussian,
 * anomalies 5 away in a random direction. `labeled: false` leaves the label empty (unlabeled
 * training rows); `shuffle` permutes the labels of the rows (the control).
 */
function sensorCsv(rows: number, seed: number, options: { anomalyRate: number; labeled: boolean; shuffle?: boolean }): string {
  const rng = random(seed);
  const body: string[][] = [];
  const labels: string[] = [];
  for (let i = 0; i < rows; i++) {
    const anomaly = rng.uniform() < options.anomalyRate;
    const direction = sensors.map(() => rng.normal());
    const norm = Math.hypot(...direction);
    body.push(sensors.map((_, k) => (rng.normal() + (anomaly ? (5 * direction[k]) / norm : 0)).toFixed(4)));
    labels.push(options.labeled ? (anomaly ? '1' : '0') : '');
  }
  if (options.shuffle) {
    for (let i = labels.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [labels[i], labels[j]] = [labels[j], labels[i]];
    }
  }
  return `${[[...sensors, 'anomaly'].join(','), ...body.map((r, i) => [...r, labels[i]].join(','))].join('\n')}\n`;
}

/** Ludwig's config_deep_svdd.yaml, unchanged but for a validation split taken from a labeled file. */
const configYaml = [
  'model_type: ecd',
  `input_features: [${sensors.map((s) => `{name: ${s}, type: number, preprocessing: {normalization: zscore}}`).join(', ')}]`,
  'output_features: [{name: anomaly, type: anomaly, loss: {type: deep_svdd, nu: 0.1}}]',
  'trainer: {epochs: 20, learning_rate: 0.001}',
  'combiner: {type: concat, fc_layers: [{output_size: 64}, {output_size: 32}]}',
].join('\n');

describe('an anomaly output through the CLI (Deep SVDD on Ludwig\'s sensor example)', () => {
  const dir = tempDir();
  const out = path.join(dir, 'out');
  let heldOut: string;

  beforeAll(async () => {
    // Train on normal rows only (unlabeled, as a one-class training set); validate on labeled rows with anomalies.
    const train = sensorCsv(600, 3, { anomalyRate: 0, labeled: false }).trim().split('\n');
    const validation = sensorCsv(200, 4, { anomalyRate: 0.1, labeled: true }).trim().split('\n').slice(1);
    const dataset = writeFile(dir, 'train.csv', `${train[0]},split\n${train.slice(1).map((l) => `${l},0`).join('\n')}\n${validation.map((l) => `${l},1`).join('\n')}\n`);
    const config = writeFile(dir, 'config.yaml', `${configYaml}\npreprocessing: {split: {type: fixed, column: split}}\n`);
    heldOut = writeFile(dir, 'test.csv', sensorCsv(400, 5, { anomalyRate: 0.1, labeled: true }));
    const r = await runCli(['train', '--config', config, '--dataset', dataset, '--output_directory', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).toMatch(/threshold auto-selected as [\d.]+ \(the 95th percentile of 200 scores\)/);
  }, 240_000);

  it('ranks held-out anomalies above normal rows: anomaly_auroc well above 0.5; with the labels shuffled it is near 0.5', async () => {
    const r = await runCli(['evaluate', '--model', path.join(out, 'model'), '--dataset', heldOut, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const stats = JSON.parse(r.stdout).anomaly;
    expect(stats.anomaly_auroc).toBeGreaterThan(0.9);
    expect(stats.f1_max).toBeGreaterThan(0.6);
    expect(stats.threshold).toBeGreaterThan(0);
    expect(stats.labeled_rows).toBe(400);
    const control = writeFile(dir, 'shuffled.csv', sensorCsv(400, 5, { anomalyRate: 0.1, labeled: true, shuffle: true }));
    const c = await runCli(['evaluate', '--model', path.join(out, 'model'), '--dataset', control, '--json']);
    expect(c.code, c.stderr).toBe(0);
    expect(Math.abs(JSON.parse(c.stdout).anomaly.anomaly_auroc - 0.5)).toBeLessThan(0.12);
  }, 120_000);

  it("predict writes Ludwig's columns <name>_predictions (score >= threshold) and <name>_anomaly_score; onnx and tfjs agree", async () => {
    const rows = writeFile(dir, 'new.csv', `${sensors.join(',')}\n0.1,-0.2,0.3,0\n4,-3,4,2\n-4,-4,-4,-4\n`);
    const preds = path.join(dir, 'preds.csv');
    const r = await runCli(['predict', '--model_path', path.join(out, 'model'), '--dataset', rows, '--output', preds]);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...lines] = readFileSync(preds, 'utf8').trim().split('\n');
    expect(header.split(',')).toEqual(['anomaly_predictions', 'anomaly_anomaly_score']);
    const threshold = JSON.parse(readFileSync(path.join(out, 'model', 'training_set_metadata.json'), 'utf8')).anomaly.threshold as number;
    for (const line of lines) {
      const [flag, score] = line.split(',');
      expect(flag).toBe(String(Number(score) >= threshold));
    }
    expect(Number(lines[0].split(',')[1])).toBeLessThan(Number(lines[2].split(',')[1]));
    const onnx = await runCli(['predict', '--model_path', path.join(out, 'model'), '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model_path', path.join(out, 'model'), '--dataset', rows, '--json', '--engine', 'tfjs']);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, number | boolean>[][];
    a.forEach((row, i) => {
      expect(row.anomaly_predictions).toBe(b[i].anomaly_predictions);
      expect(Math.abs((row.anomaly_anomaly_score as number) - (b[i].anomaly_anomaly_score as number))).toBeLessThan(1e-4 * Math.max(1, row.anomaly_anomaly_score as number));
    });
  }, 120_000);

  it('refuses a label that is not 0, 1 or -1 in training, naming the row', async () => {
    const bad = writeFile(dir, 'bad.csv', sensorCsv(40, 6, { anomalyRate: 0, labeled: true }).replace(/,0\n/, ',0.5\n'));
    const config = writeFile(dir, 'plain.yaml', configYaml);
    const r = await runCli(['train', '--config', config, '--dataset', bad, '--output_directory', path.join(dir, 'bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Anomaly output 'anomaly': row 1 of column 'anomaly' has '0.5'; a label is 0 \(normal\), 1 \(anomaly\) or -1 \/ empty \(unlabeled\)/);
  });
});
