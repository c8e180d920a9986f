import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

const vocab = ['rain', 'sun', 'snow'];

/** Soft targets softmax(2·[a, b, −a − b]) over rain/sun/snow, as whitespace-separated probabilities. */
function weatherCsv(rows: number, seed = 3): string {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['a,b,weather'];
  for (let i = 0; i < rows; i++) {
    const a = rand() * 4 - 2;
    const b = rand() * 4 - 2;
    const z = [2 * a, 2 * b, -2 * (a + b)];
    const e = z.map((v) => Math.exp(v - Math.max(...z)));
    const sum = e.reduce((t, v) => t + v, 0);
    lines.push(`${a.toFixed(3)},${b.toFixed(3)},${e.map((v) => (v / sum).toFixed(6)).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

const configYaml = [
  'input_features: [{name: a, type: number}, {name: b, type: number}]',
  `output_features: [{name: weather, type: category_distribution, preprocessing: {vocab: [${vocab.join(', ')}]}}]`,
  'combiner: {type: concat, num_fc_layers: 1, output_size: 16}',
  'trainer: {epochs: 15, batch_size: 32, learning_rate: 0.01}',
].join('\n');

describe('a category_distribution output through the CLI', () => {
  const dir = tempDir();
  const out = path.join(dir, 'out');
  let dataset: string;
  let config: string;

  beforeAll(async () => {
    dataset = writeFile(dir, 'weather.csv', weatherCsv(400));
    config = writeFile(dir, 'config.yaml', configYaml);
    const r = await runCli(['experiment', '--config', config, '--dataset', dataset, '--output_directory', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
  }, 180_000);

  it('writes test statistics with the argmax metrics, the soft cross entropy and a confusion matrix over the vocab', () => {
    const stats = JSON.parse(readFileSync(path.join(out, 'test_statistics.json'), 'utf8')).weather;
    expect(stats.accuracy).toBeGreaterThan(0.8);
    expect(stats.softmax_cross_entropy).toBeGreaterThan(0);
    expect(stats.confusion_matrix).toHaveLength(3);
    expect(Object.keys(stats.per_class_stats)).toEqual(vocab);
  });

  it("predict writes Ludwig's columns: <name>_predictions, <name>_probabilities_<class> per vocab class, <name>_probability; onnx and tfjs agree", async () => {
    const rows = writeFile(dir, 'new.csv', 'a,b\n1.8,-1\n-1,1.8\n-1.5,-1.5\n');
    const preds = path.join(dir, 'preds.csv');
    const r = await runCli(['predict', '--model_path', path.join(out, 'model'), '--dataset', rows, '--output', preds]);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...lines] = readFileSync(preds, 'utf8').trim().split('\n');
    expect(header.split(',')).toEqual(['weather_predictions', 'weather_probabilities_rain', 'weather_probabilities_sun', 'weather_probabilities_snow', 'weather_probability']);
    expect(lines.map((l) => l.split(',')[0])).toEqual(['rain', 'sun', 'snow']);
    const onnx = await runCli(['predict', '--model_path', path.join(out, 'model'), '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model_path', path.join(out, 'model'), '--dataset', rows, '--json', '--engine', 'tfjs']);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, number | string>[][];
    a.forEach((row, i) => {
      expect(row.weather_predictions).toBe(b[i].weather_predictions);
      for (const c of vocab) expect(Math.abs((row[`weather_probabilities_${c}`] as number) - (b[i][`weather_probabilities_${c}`] as number))).toBeLessThan(1e-5);
      expect(vocab.reduce((s, c) => s + (row[`weather_probabilities_${c}`] as number), 0)).toBeCloseTo(1, 5);
    });
  });

  it('evaluate reports the same metrics on a file with targets', async () => {
    const r = await runCli(['evaluate', '--model', path.join(out, 'model'), '--dataset', dataset, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).weather)).toEqual(expect.arrayContaining(['loss', 'accuracy', 'accuracy_micro', 'hits_at_k', 'roc_auc', 'softmax_cross_entropy', 'confusion_matrix']));
  });

  it('refuses training on a row that is not a distribution, naming the feature and the row', async () => {
    const bad = writeFile(dir, 'bad.csv', weatherCsv(40).replace(/\n([^\n]*),[^,\n]*\n/, '\n$1,2 3 5\n'));
    const r = await runCli(['train', '--config', config, '--dataset', bad, '--output_directory', path.join(dir, 'bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Category distribution feature 'weather': row 1 of column 'weather' sums to 10, not 1/);
  });
});
