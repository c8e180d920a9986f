import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './test/run-cli.js';
import { tempDir, toyCsv, writeFile } from './test/fixtures.js';

const dir = tempDir();
const legacy = [
  'input_features:',
  '  - {name: a, type: numerical}',
  '  - {name: city, type: category, encoder: sparse}',
  'output_features:',
  '  - {name: label, type: binary}',
  'training:',
  '  epochs: 2',
  '  decay: true',
  'preprocessing:',
  '  split_probabilities: [0.8, 0.1, 0.1]',
  '',
].join('\n');

describe('overture render-config --upgrade', () => {
  it("prints the config in today's language as YAML, one warning per legacy key (file:line:column) on stderr", async () => {
    const file = writeFile(dir, 'legacy.yaml', legacy);
    const r = await runCli(['render-config', '--config', file, '--upgrade']);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout)).toEqual({
      input_features: [{ name: 'a', type: 'number' }, { name: 'city', type: 'category', encoder: { type: 'sparse' } }],
      output_features: [{ name: 'label', type: 'binary' }],
      trainer: { epochs: 2, learning_rate_scheduler: { decay: 'exponential' } },
      preprocessing: { split: { type: 'random', probabilities: [0.8, 0.1, 0.1] } },
    });
    expect(r.stderr.trim().split('\n')).toEqual([
      `warning: ${file}:6:1: training: the section \`training\` is now \`trainer\`; upgraded.`,
      `warning: ${file}:10:3: preprocessing.split_probabilities: \`preprocessing.split_probabilities\` is now \`preprocessing.split.probabilities\`; upgraded.`,
      `warning: ${file}:2:15: input_features[0].type: feature type 'numerical' is now 'number'; upgraded.`,
      `warning: ${file}:3:34: input_features[1].encoder: \`encoder: sparse\` is the legacy form of \`encoder: {type: sparse}\`; upgraded.`,
      `warning: ${file}:8:3: training.decay: training.decay is now trainer.learning_rate_scheduler.decay; moved.`,
    ]);
  });

  it('prints JSON with --json, and upgrades configs that use what Overture does not train yet', async () => {
    const file = writeFile(dir, 'audio.yaml', 'input_features:\n  - {name: rec, type: audio, encoder: stacked_cnn, num_filters: 8}\noutput_features:\n  - {name: label, type: binary}\n');
    const r = await runCli(['render-config', '--config', file, '--upgrade', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).input_features).toEqual([{ name: 'rec', type: 'audio', encoder: { type: 'stacked_cnn', num_filters: 8 } }]);
    // Image inputs train: Ludwig 0.5's num_filters of the image stacked_cnn is upgraded to out_channels.
    const image = writeFile(dir, 'image.yaml', 'input_features:\n  - {name: img, type: image, encoder: stacked_cnn, num_filters: 8}\noutput_features:\n  - {name: label, type: binary}\n');
    const upgraded = await runCli(['render-config', '--config', image, '--upgrade', '--json']);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(JSON.parse(upgraded.stdout).input_features).toEqual([{ name: 'img', type: 'image', encoder: { type: 'stacked_cnn', out_channels: 8 } }]);
  });

  it('refuses a legacy key that disagrees with its new place, naming both paths', async () => {
    const file = writeFile(dir, 'conflict.yaml', legacy.replace('  decay: true', '  decay: true\n  learning_rate_scheduler: {decay: cosine}'));
    const r = await runCli(['render-config', '--config', file, '--upgrade']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "training.decay at line 8, column 3: training.decay ('exponential') is the legacy spelling of trainer.learning_rate_scheduler.decay, which is already set to 'cosine'; remove training.decay or make them agree",
    );
  });
});

describe('overture --json on failure', () => {
  it('prints the problem list on stdout in the REST error shape', async () => {
    const file = writeFile(dir, 'bad.yaml', 'input_features:\n  - {name: a, type: number}\n  - {name: t, type: text, encoder: mamba2}\noutput_features:\n  - {name: label, type: binary}\ntrainer:\n  epocs: 3\n');
    const r = await runCli(['render-config', '--config', file, '--json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body.error.code).toBe('invalid_config');
    expect(body.errors).toEqual([
      { path: 'trainer.epocs', message: "unknown key 'epocs' in trainer", suggestion: "did you mean 'epochs'?", line: 7, column: 3 },
      { path: 'input_features[1].encoder.type', message: expect.stringMatching(/^'mamba2' is a Ludwig text encoder that Overture does not support yet \(feature 't'\); use one of parallel_cnn, embed, .*, bert, /), line: 3, column: 36 },
    ]);
  });
});

describe('overture train with a hyperopt section', () => {
  it('says the section is for overture hyperopt, as Ludwig ignores it in train, and trains once', async () => {
    const data = writeFile(dir, 'toy.csv', toyCsv(60));
    const file = writeFile(dir, 'hyperopt.yaml', [
      'input_features:\n  - {name: a, type: number}\noutput_features:\n  - {name: label, type: binary}',
      'trainer: {epochs: 1, batch_size: 32}',
      'hyperopt:\n  parameters:\n    trainer.learning_rate: {space: loguniform, lower: 0.001, upper: 0.1}\n',
    ].join('\n'));
    const r = await runCli(['train', '--config', file, '--dataset', data, '--output-directory', path.join(dir, 'out'), '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: the hyperopt section is not used by train or experiment (as in Ludwig); run `overture hyperopt` to search it.');
  });
});
