import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, toyConfigYaml, toyCsv, writeFile } from './test/fixtures.js';

const config = toyConfigYaml();

describe('overture describe', () => {
  const dir = tempDir();
  const model = path.join(dir, 'out', 'model');

  beforeAll(async () => {
    const dataset = writeFile(dir, 'toy.csv', toyCsv(160));
    const r = await runCli(['experiment', '--config', writeFile(dir, 'config.yaml', config), '--dataset', dataset, '--output_directory', path.join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('prints the card with data, splits, metrics per split, feature importance, intended use and limitations', async () => {
    const r = await runCli(['describe', '--model', model]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(model, 'card.md'), 'utf8'));
    for (const heading of ['# Model card: label', '## Intended use', '## Data', '## Training', '## Metrics per split', '## Test evaluation', '## Feature importance', '## Limitations']) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toContain('- 160 rows read, 160 used');
    expect(r.stdout).toContain('split: random, 70% / 10% / 20% of rows at random (seed 42)');
    expect(r.stdout).toMatch(/\| label \| accuracy \| — \| \d\.\d{4} \| \d\.\d{4} \|/);
    expect(r.stdout).toContain('Trained on 112 rows');
  });

  it('--json gives the card as data, its numbers matching the run\'s own files', async () => {
    const r = await runCli(['describe', '--model_path', model, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const card = JSON.parse(r.stdout);
    expect(card.data.split.sizes).toEqual({ training: 112, validation: 16, test: 32 });
    expect(card.outputs).toEqual([{ name: 'label', type: 'binary', dependencies: [] }]);
    expect(card.inputs.map((i: { name: string }) => i.name)).toEqual(['a', 'b', 'city']);
    const test = JSON.parse(readFileSync(path.join(dir, 'out', 'test_statistics.json'), 'utf8'));
    expect(card.test_metrics.label.accuracy).toBe(test.label.accuracy);
    // The per-split row is the evaluation whose weights the bundle holds, so its test accuracy is
    // what evaluating the saved model on the test split gives.
    const accuracy = card.metrics_per_split.find((m: { metric: string }) => m.metric === 'accuracy');
    expect(accuracy.values.test).toBeCloseTo(test.label.accuracy, 6);
    const progress = JSON.parse(readFileSync(path.join(model, 'training_progress.json'), 'utf8'));
    expect(card.training.best_step).toBe(progress.best_eval_metric_steps);
    expect(card.training.best_epoch).toBe(progress.best_eval_metric_epoch);
    expect(progress.best_eval_metric_epoch).toBe(Math.ceil(progress.best_eval_metric_steps / progress.steps_per_epoch));
    const training = JSON.parse(readFileSync(path.join(model, 'training_statistics.json'), 'utf8'));
    const loss = card.metrics_per_split.find((m: { metric: string }) => m.metric === 'loss');
    expect(training.training.label.loss).toContain(loss.values.training);
    const importance = JSON.parse(readFileSync(path.join(dir, 'out', 'feature_importance.json'), 'utf8'));
    expect(card.feature_importance).toEqual(importance);
    expect(card.intended_use[0]).toContain('Predicts label (binary) from a, b, city');
  });

  it('rebuilds the card of a bundle saved before card.json existed', async () => {
    const old = path.join(dir, 'old-model');
    mkdirSync(old);
    for (const f of ['bundle.json', 'model_hyperparameters.json', 'training_set_metadata.json', 'training_progress.json', 'training_statistics.json']) {
      writeFile(dir, path.join('old-model', f), readFileSync(path.join(model, f)));
    }
    const r = await runCli(['describe', '--model', old, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).metrics_per_split.length).toBeGreaterThan(0);
  });

  it('a folder that is not a bundle is a clear error', async () => {
    const r = await runCli(['describe', '--model', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is ' + dir + ' a model bundle');
  });
});
