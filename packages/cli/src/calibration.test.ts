import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, toyCsv, writeFile } from './test/fixtures.js';

/** The toy table with every fifth label flipped: noise a wide MLP memorises, so it is over-confident. */
function noisyCsv(rows: number): string {
  const [header, ...lines] = toyCsv(rows, 5).trim().split('\n');
  const flipped = lines.map((line, i) => (i % 5 === 0 ? line.replace(/,(yes|no),/, (_, l: string) => `,${l === 'yes' ? 'no' : 'yes'},`) : line));
  return [header, ...flipped].join('\n') + '\n';
}

// The row id is an input too: a handle to memorise each training row's label by.
const config = (calibration: boolean) => `input_features:
  - {name: id, type: number}
  - {name: a, type: number}
  - {name: b, type: number}
  - {name: city, type: category}
output_features:
  - {name: label, type: binary, calibration: ${calibration}}
combiner: {type: concat, num_fc_layers: 2, output_size: 256}
trainer: {epochs: 60, batch_size: 32, learning_rate: 0.01, skip_all_evaluation: true}
preprocessing:
  split: {type: random, probabilities: [0.4, 0.4, 0.2]}
`;

const probabilities = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[2]));
const logit = (p: number) => Math.log(p / (1 - p));

describe('calibration: true through the CLI', () => {
  const dir = tempDir();

  it('train logs and records the fitted temperature, and predict (onnx and tfjs) gives sigmoid(logit / T) of the uncalibrated model', async () => {
    const data = writeFile(dir, 'noisy.csv', noisyCsv(800));
    const train = async (calibration: boolean) => {
      const out = path.join(dir, calibration ? 'calibrated' : 'plain');
      const r = await runCli(['train', '--config', writeFile(dir, `${calibration}.yaml`, config(calibration)), '--dataset', data, '--output-directory', out]);
      expect(r.code, r.stderr).toBe(0);
      return { out, stderr: r.stderr };
    };
    const plain = await train(false);
    const calibrated = await train(true);
    expect(plain.stderr).not.toMatch(/calibration/);
    expect(calibrated.stderr).toMatch(/calibration of 'label': T = \d+\.\d{3} fitted on \d+ validation rows \(NLL [\d.]+ → [\d.]+, ECE [\d.]+ → [\d.]+\)/);
    const manifest = JSON.parse(readFileSync(path.join(calibrated.out, 'model/bundle.json'), 'utf8'));
    const fit = manifest.calibration.label;
    expect(fit).toMatchObject({ method: 'temperature_scaling', split: 'validation', reverted: null });
    expect(fit.temperature).toBeGreaterThan(1.2);
    expect(fit.after.nll).toBeLessThan(fit.before.nll);

    const rows = writeFile(dir, 'rows.csv', 'id,a,b,city\n3,0.3,0.1,paris\n900,-0.2,0.1,rome\n41,1.5,0.2,oslo\n500,-0.4,-0.3,paris\n77,0.05,-0.02,oslo\n');
    const predict = async (model: string, engine: string) => {
      const output = path.join(dir, `${path.basename(model)}-${engine}.csv`);
      const r = await runCli(['predict', '--model', path.join(model, 'model'), '--dataset', rows, '--output', output, '--engine', engine]);
      expect(r.code, r.stderr).toBe(0);
      return probabilities(output);
    };
    const uncalibrated = await predict(plain.out, 'onnx');
    const onnx = await predict(calibrated.out, 'onnx');
    const tfjs = await predict(calibrated.out, 'tfjs');
    onnx.forEach((p, i) => expect(Math.abs(p - tfjs[i]), `row ${i}`).toBeLessThan(1e-5));
    // Same seed and data: the same weights, so the calibrated P(yes) is the plain one's logit over T.
    onnx.forEach((p, i) => expect(p, `row ${i}`).toBeCloseTo(1 / (1 + Math.exp(-logit(uncalibrated[i]) / fit.temperature)), 4));
    expect(onnx.some((p, i) => Math.abs(p - uncalibrated[i]) > 0.02)).toBe(true);
  }, 180_000);
});
