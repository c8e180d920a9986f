import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, writeFile } from './test/fixtures.js';

const penguins = fileURLToPath(new URL('../../../examples/penguins/penguins.csv', import.meta.url));

const config = (hyperopt: string, trainer = '{epochs: 2, batch_size: 32}') => [
  'input_features:',
  '  - {name: island, type: category}',
  '  - {name: beak_length_mm, type: number}',
  '  - {name: flipper_length_mm, type: number}',
  '  - {name: body_mass_g, type: number}',
  'output_features:',
  '  - {name: species, type: category}',
  `trainer: ${trainer}`,
  'hyperopt:',
  hyperopt,
].join('\n') + '\n';

interface TrialResult {
  parameters: Record<string, unknown>;
  metric_score: number;
  training_stats: { validation: { species: { accuracy: number[] } } };
  eval_stats: Record<string, Record<string, unknown>>;
}

describe('overture hyperopt', () => {
  it('runs 4 trials on 2 worker processes and writes hyperopt_statistics.json as Ludwig, best first, with the best model', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'hp.yaml', config([
      '  goal: maximize',
      '  output_feature: species',
      '  metric: accuracy',
      '  parameters:',
      '    trainer.learning_rate: {space: loguniform, lower: 0.001, upper: 0.1}',
      '    combiner.output_size: {space: choice, categories: [8, 32]}',
      '  executor: {num_samples: 4}',
    ].join('\n')));
    const out = path.join(dir, 'out');
    const r = await runCli(['hyperopt', '--config', file, '--dataset', penguins, '--output-directory', out, '--workers', '2']);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    // One preprocessing for the study, shared by the 4 trials (they change only training settings).
    expect(r.stderr.match(/preprocessed 344 rows in [\d.]+ s, shared with every trial/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/2 trial processes ready after [\d.]+ s/);
    const stats = JSON.parse(readFileSync(path.join(out, 'hyperopt_statistics.json'), 'utf8')) as { hyperopt_config: Record<string, unknown>; hyperopt_results: TrialResult[] };
    expect(stats.hyperopt_config).toMatchObject({ goal: 'maximize', metric: 'accuracy', output_feature: 'species', split: 'validation', executor: { num_samples: 4 } });
    const results = stats.hyperopt_results;
    expect(results).toHaveLength(4);
    for (const t of results) {
      expect(Object.keys(t).sort()).toEqual(['eval_stats', 'metric_score', 'parameters', 'training_stats']);
      const lr = t.parameters['trainer.learning_rate'] as number;
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(0.1);
      expect([8, 32]).toContain(t.parameters['combiner.output_size']);
      // Ludwig's metric score: the best validation accuracy over the trial's evaluations (2 epochs).
      expect(t.training_stats.validation.species.accuracy).toHaveLength(2);
      expect(t.metric_score).toBe(Math.max(...t.training_stats.validation.species.accuracy));
      expect(t.eval_stats.species.accuracy).toBeTypeOf('number');
    }
    const scores = results.map((t) => t.metric_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(results.map((t) => t.parameters['trainer.learning_rate'])).size).toBe(4);
    for (let i = 0; i < 4; i++) expect(existsSync(path.join(out, `trial_000${i}`, 'model', 'model.onnx'))).toBe(true);
    const best = JSON.parse(readFileSync(path.join(out, 'model', 'model_hyperparameters.json'), 'utf8')) as { trainer: { learning_rate: number } };
    expect(best.trainer.learning_rate).toBe(results[0].parameters['trainer.learning_rate']);
    expect(r.stderr).toMatch(/hyperopt: 4 trials \(4 completed, 0 stopped early, 0 failed\)/);
  }, 180_000);

  it('lets async_hyperband stop weak trials after their first evaluation; stopped trials keep their results', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'hp.yaml', config([
      '  goal: maximize',
      '  output_feature: species',
      '  metric: accuracy',
      '  parameters:',
      // From best to worst: later trials are compared with the earlier ones at the first rung.
      '    trainer.learning_rate: {space: grid_search, values: [0.05, 0.03, 0.00001, 0.000001]}',
      '  executor:',
      '    num_samples: 1',
      '    scheduler: {type: async_hyperband, max_t: 4, grace_period: 1, reduction_factor: 2}',
    ].join('\n'), '{epochs: 4, batch_size: 32}'));
    const out = path.join(dir, 'out');
    const r = await runCli(['hyperopt', '--config', file, '--dataset', penguins, '--output-directory', out, '--workers', '1']);
    expect(r.code).toBe(0);
    const { hyperopt_results: results } = JSON.parse(readFileSync(path.join(out, 'hyperopt_statistics.json'), 'utf8')) as { hyperopt_results: TrialResult[] };
    expect(results).toHaveLength(4);
    const epochs = new Map(results.map((t) => [t.parameters['trainer.learning_rate'], t.training_stats.validation.species.accuracy.length]));
    expect(epochs.get(0.05)).toBe(4);
    expect(epochs.get(0.000001)).toBeLessThan(4);
    expect(r.stderr).toMatch(/stopped early by the async_hyperband scheduler after 1 evaluation/);
  }, 180_000);

  it('pauses trials at the hyperband rungs and resumes the best from its checkpoint', async () => {
    const dir = tempDir();
    // max_t 3, η 3: trials 0–2 form a bracket with rungs at 1 and 3 epochs, trial 3 a bracket that runs to 3.
    const file = writeFile(dir, 'hp.yaml', config([
      '  goal: maximize',
      '  output_feature: species',
      '  metric: accuracy',
      '  parameters:',
      '    trainer.learning_rate: {space: choice, categories: [0.000001, 0.02, 0.05, 0.1]}',
      '  search_alg: {type: variant_generator, random_state: 3}',
      '  executor: {num_samples: 4, scheduler: {type: hyperband, max_t: 3, reduction_factor: 3}}',
    ].join('\n'), '{epochs: 9, batch_size: 32}'));
    const out = path.join(dir, 'out');
    const r = await runCli(['hyperopt', '--config', file, '--dataset', penguins, '--output-directory', out, '--workers', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/paused at a hyperband rung/g)).toHaveLength(3);
    expect(r.stderr.match(/resumed from its checkpoint/g)).toHaveLength(1);
    const stats = JSON.parse(readFileSync(path.join(out, 'hyperopt_statistics.json'), 'utf8')) as { hyperopt_results: TrialResult[] };
    const epochs = stats.hyperopt_results.map((t) => t.training_stats.validation.species.accuracy.length).sort();
    // Two stopped at the first rung; the resumed one continued from epoch 1 to 3 (from scratch it would stop at its 2nd epoch,
    // the 3rd report); the other bracket's trial ran 3.
    expect(epochs).toEqual([1, 1, 3, 3]);
  }, 240_000);

  it('fails with exit code 1 and every reason when all trials fail', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'hp.yaml', config([
      '  parameters:',
      // Valid config, bad data: island names no split.
      '    preprocessing.split: {space: choice, categories: [{type: fixed, column: island}]}',
      '  executor: {num_samples: 2}',
    ].join('\n')));
    const r = await runCli(['hyperopt', '--config', file, '--dataset', penguins, '--output-directory', path.join(dir, 'out'), '--workers', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: all 2 trials failed: trial 0, 1: Split column 'island' has 344 values that name no split");
    expect(existsSync(path.join(dir, 'out', 'hyperopt_statistics.json'))).toBe(false);
  }, 120_000);

  it('says when the time budget is too small for one trial', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'hp.yaml', config([
      '  parameters:',
      '    trainer.learning_rate: {space: loguniform, lower: 0.001, upper: 0.1}',
      '  executor: {num_samples: 2, time_budget_s: 0.001}',
    ].join('\n')));
    const r = await runCli(['hyperopt', '--config', file, '--dataset', penguins, '--output-directory', path.join(dir, 'out'), '--workers', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: the time budget of 0.001 s ran out before any trial reported a result (one evaluation takes longer); raise hyperopt.executor.time_budget_s');
  }, 120_000);

  it('refuses a config without a hyperopt section, and a parameter the config does not have', async () => {
    const dir = tempDir();
    const plain = writeFile(dir, 'plain.yaml', config('  null'));
    let r = await runCli(['hyperopt', '--config', plain, '--dataset', penguins, '--output-directory', path.join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no hyperopt section');
    const typo = writeFile(dir, 'typo.yaml', config('  parameters:\n    trainer.learning_rat: {space: loguniform, lower: 0.001, upper: 0.1}'));
    r = await runCli(['hyperopt', '--config', typo, '--dataset', penguins, '--output-directory', path.join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("did you mean 'trainer.learning_rate'?");
    r = await runCli(['hyperopt', '--config', typo.replace('typo', 'plain'), '--dataset', penguins, '--output-directory', path.join(dir, 'out'), '--workers', '0']);
    expect(r.code).toBe(1);
  });
});
