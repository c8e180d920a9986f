import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, toyCsv, writeFile } from './test/fixtures.js';

const fastTrainer = 'trainer:\n  epochs: 40\n  batch_size: 32\n  learning_rate: 0.01\n';

describe('overture CLI journey', () => {
  const dir = tempDir();
  let dataset: string;
  let config: string;

  beforeAll(async () => {
    dataset = writeFile(dir, 'toy.csv', toyCsv());
    config = path.join(dir, 'config.yaml');
    const init = await runCli(['init-config', '--dataset', dataset, '--target', 'label,size', '--output', config]);
    expect(init.code).toBe(0);
    writeFile(dir, 'config.yaml', readFileSync(config, 'utf8').replace(/trainer:[\s\S]*$/, fastTrainer));
  });

  it('init-config excludes the id and constant columns and says why', async () => {
    const r = await runCli(['init-config', '--dataset', dataset, '--target', 'label', '--json']);
    expect(r.code).toBe(0);
    const { excludedColumns, config: c } = JSON.parse(r.stdout);
    expect(excludedColumns).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'id' }),
      expect.objectContaining({ name: 'constant' }),
    ]));
    expect(c.input_features.map((f: { name: string }) => f.name)).toEqual(['a', 'b', 'city', 'size']);
    expect(c.output_features).toEqual([{ name: 'label', type: 'binary' }]);
  });

  it('experiment trains, writes the bundle and Ludwig-shaped statistics, and learns the signal', async () => {
    const out = path.join(dir, 'out');
    const r = await runCli(['experiment', '--config', config, '--dataset', dataset, '--output_directory', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats.label.accuracy).toBeGreaterThan(0.85);
    expect(stats.size.r2).toBeGreaterThan(0.8);
    expect(stats.combined.loss).toEqual(expect.any(Number));
    for (const f of ['model/bundle.json', 'model/model_hyperparameters.json', 'model/training_set_metadata.json', 'model/weights/weights.bin', 'model/card.md', 'training_statistics.json', 'test_statistics.json']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const importance = JSON.parse(readFileSync(path.join(out, 'feature_importance.json'), 'utf8'));
    expect(importance.features.map((f: { feature: string }) => f.feature).slice(0, 2).sort()).toEqual(['a', 'b']);
    const training = JSON.parse(readFileSync(path.join(out, 'training_statistics.json'), 'utf8'));
    expect(training.validation.label.accuracy.length).toBeGreaterThan(0);
    expect(training.evaluation_frequency).toEqual({ frequency: 1, period: 'epoch' });
  });

  it('predict writes Ludwig columns in input order for rows without the output columns', async () => {
    const rows = writeFile(dir, 'new.csv', 'a,b,city\n1.5,1.5,rome\n-1.5,-1.5,paris\n');
    const preds = path.join(dir, 'preds.csv');
    const r = await runCli(['predict', '--model_path', path.join(dir, 'out/model'), '--dataset', rows, '--output', preds]);
    expect(r.code, r.stderr).toBe(0);
    const [header, first, second] = readFileSync(preds, 'utf8').trim().split('\n');
    expect(header.split(',')).toEqual(['label_predictions', 'label_probabilities_no', 'label_probabilities_yes', 'label_probability', 'size_predictions']);
    expect(first.split(',')[0]).toBe('yes');
    expect(second.split(',')[0]).toBe('no');
    expect(Number(first.split(',')[4])).toBeGreaterThan(Number(second.split(',')[4]));
  });

  it('predict writes JSON and Parquet by extension', async () => {
    const json = path.join(dir, 'preds.json');
    expect((await runCli(['predict', '--model', path.join(dir, 'out/model'), '--dataset', dataset, '--output', json])).code).toBe(0);
    const records = JSON.parse(readFileSync(json, 'utf8'));
    expect(records).toHaveLength(240);
    const parquet = path.join(dir, 'preds.parquet');
    expect((await runCli(['predict', '--model', path.join(dir, 'out/model'), '--dataset', dataset, '--output', parquet])).code).toBe(0);
    expect(readFileSync(parquet).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('evaluate scores the test split the training run held out', async () => {
    const r = await runCli(['evaluate', '--model', path.join(dir, 'out/model'), '--dataset', dataset, '--split', 'test', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const fromExperiment = JSON.parse(readFileSync(path.join(dir, 'out/test_statistics.json'), 'utf8'));
    expect(JSON.parse(r.stdout).label.accuracy).toBeCloseTo(fromExperiment.label.accuracy, 6);
  });

  it('render-config prints every default', async () => {
    const r = await runCli(['render-config', '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('early_stop:');
    expect(r.stdout).toContain('optimizer:');
  });
});

describe('overture CLI on bad input', () => {
  const dir = tempDir();

  async function trainWith(csv: string, yaml: string) {
    const data = writeFile(dir, `d${Math.random()}.csv`, csv);
    const cfg = writeFile(dir, `c${Math.random()}.yaml`, yaml);
    return runCli(['train', '--config', cfg, '--dataset', data, '--output-directory', path.join(dir, `o${Math.random()}`)]);
  }
  const simpleConfig = `input_features:\n  - {name: a, type: number}\noutput_features:\n  - {name: label, type: binary}\n${fastTrainer}`;

  it('names the line of a ragged CSV row', async () => {
    const r = await trainWith('a,label\n1,yes\n2,no,extra\n', simpleConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3 has 3 fields, the header has 2/);
  });

  it('suggests the nearest column for an unknown one in the config', async () => {
    const r = await trainWith(toyCsv(60), simpleConfig.replace('name: a,', 'name: aa,'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/aa/);
    expect(r.stderr).toMatch(/did you mean 'a'/i);
  });

  it('points at the line and suggests the key for a misspelt config key', async () => {
    const r = await trainWith(toyCsv(60), simpleConfig.replace('epochs: 40', 'epocs: 40'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/trainer\.epocs at line 6/);
    expect(r.stderr).toMatch(/epochs/);
  });

  it('prints the first 100 of 30,000 config problems and how many more there are', async () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`).join('\n');
    const r = await trainWith(toyCsv(60), `${simpleConfig}${keys}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The config has 30,000 problems: /);
    expect(r.stderr).toMatch(/ {2}- k99 at line 108, column 1: unknown key 'k99' in the config\n {2}… and 29,900 more/);
    expect(r.stderr).not.toMatch(/k100 at line/);
  });

  it('refuses a billion-laughs config and one nested 10,000 deep with a plain message', async () => {
    const laughs = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`)];
    const bomb = await trainWith(toyCsv(60), `${simpleConfig}${laughs.join('\n')}\n`);
    expect(bomb.code).toBe(1);
    expect(bomb.stderr).toMatch(/expands YAML aliases \(\*name\) or merge keys \(<<\) more than 100 times/);
    const deep = await trainWith(toyCsv(60), `${simpleConfig}x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    expect(deep.code).toBe(1);
    expect(deep.stderr).toMatch(/nested more than 32 levels deep/);
    expect(deep.stderr).not.toMatch(/call stack|at .*\.js:\d+/);
    const big = await trainWith(toyCsv(60), `${simpleConfig}# ${'x'.repeat(600_000)}\n`);
    expect(big.stderr).toMatch(/the config is 600,\d{3} characters long; the limit is 524,288/);
    const huge = await trainWith(toyCsv(60), `${simpleConfig}# ${'x'.repeat(3_000_000)}\n`);
    expect(huge.stderr).toMatch(/is 3,000,\d{3} bytes; a config is at most 524,288 characters/);
  });

  it('refuses an empty file', async () => {
    const r = await trainWith('', simpleConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/empty/);
  });

  it('refuses a target that is entirely missing', async () => {
    const r = await trainWith('a,label\n1,\n2,\n3,\n', simpleConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/label/);
  });

  it('refuses a single-class target', async () => {
    const r = await trainWith('a,label\n1,yes\n2,yes\n3,yes\n', simpleConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/only one class/);
  });

  it('refuses duplicate column names', async () => {
    const r = await trainWith('a,a,label\n1,2,yes\n', simpleConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/appears twice/);
  });

  it('treats a few strings in a number column as missing values and trains', async () => {
    const csv = toyCsv(120).split('\n').map((l, i) => (i === 5 ? l.replace(/^(\d+),[^,]+/, '$1,oops') : l)).join('\n');
    const r = await trainWith(csv, simpleConfig);
    expect(r.code, r.stderr).toBe(0);
  });

  it('trains on a UTF-8 BOM, CRLF file with quoted newlines', async () => {
    const rows = toyCsv(120).trim().split('\n').map((l, i) => (i === 0 ? l : l.replace(/,(paris|rome|oslo),/, ',"$1\nnorth",')));
    const r = await trainWith('\uFEFF' + rows.join('\r\n') + '\r\n', simpleConfig);
    expect(r.code, r.stderr).toBe(0);
  });

  it('says which column a prediction dataset lacks', async () => {
    const data = writeFile(dir, 'train.csv', toyCsv(80));
    const cfg = writeFile(dir, 'ok.yaml', simpleConfig);
    const out = path.join(dir, 'okout');
    expect((await runCli(['train', '--config', cfg, '--dataset', data, '--output-directory', out])).code).toBe(0);
    const rows = writeFile(dir, 'noa.csv', 'b\n1\n');
    const r = await runCli(['predict', '--model', path.join(out, 'model'), '--dataset', rows]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing column 'a'|column 'a'/i);
  });

  it('refuses model_type gbm as not supported yet', async () => {
    const r = await trainWith(toyCsv(60), 'model_type: gbm\n' + simpleConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not supported yet/);
  });

  it('exits with usage errors for a missing required flag', async () => {
    const r = await runCli(['train', '--config', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dataset/);
  });
});
