import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../parse-text.js';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';
import { upgradeConfig, writtenPath } from './index.js';

const features = { input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'binary' }] };

describe('upgradeConfig', () => {
  it('leaves the input untouched', () => {
    const raw = { ...features, training: { epochs: 3, decay: true } };
    const before = structuredClone(raw);
    upgradeConfig(raw);
    expect(raw).toEqual(before);
  });

  it('merges training into an existing trainer key by key, refusing only keys that disagree', () => {
    const { config, conflicts } = upgradeConfig({ ...features, training: { epochs: 3, batch_size: 8 }, trainer: { epochs: 3, learning_rate: 0.1 } });
    expect(config).toMatchObject({ trainer: { epochs: 3, batch_size: 8, learning_rate: 0.1 } });
    expect(conflicts).toEqual([]);
    const clash = upgradeConfig({ ...features, training: { epochs: 3 }, trainer: { epochs: 5 } });
    expect(clash.conflicts).toEqual([
      { path: 'training.epochs', message: 'training.epochs (3) is the legacy spelling of trainer.epochs, which is already set to 5; remove training.epochs or make them agree' },
    ]);
  });

  it('drops a legacy key whose new place holds the same value, with its warning', () => {
    const { config, warnings, conflicts } = upgradeConfig({ ...features, trainer: { decay_rate: 0.5, learning_rate_scheduler: { decay_rate: 0.5 } } });
    expect(conflicts).toEqual([]);
    expect(config).toMatchObject({ trainer: { learning_rate_scheduler: { decay_rate: 0.5 } } });
    expect((config as { trainer: object }).trainer).not.toHaveProperty('decay_rate');
    expect(warnings.map((w) => w.path)).toEqual(['trainer.decay_rate']);
  });

  it("converts decay and reduce_learning_rate_on_plateau booleans to today's values", () => {
    const off = upgradeConfig({ ...features, trainer: { decay: false, reduce_learning_rate_on_plateau: true } }).config;
    expect(off).toMatchObject({ trainer: { learning_rate_scheduler: { decay: null, reduce_on_plateau: 1 } } });
  });

  it("moves the example configs' optimizer.lr and learning_rate_scheduler.type to the fields that do it", () => {
    const { config, warnings, conflicts } = upgradeConfig({ ...features, trainer: { optimizer: { type: 'adamw', lr: 0.001 }, learning_rate_scheduler: { type: 'cosine' } } });
    expect(conflicts).toEqual([]);
    expect(config).toMatchObject({ trainer: { learning_rate: 0.001, optimizer: { type: 'adamw' }, learning_rate_scheduler: { decay: 'cosine' } } });
    expect(warnings.map((w) => [w.path, w.message])).toEqual([
      ['trainer.optimizer.lr', "trainer.optimizer.lr: Ludwig's adamw has no lr (Ludwig ignores it); it is trainer.learning_rate; moved."],
      ['trainer.learning_rate_scheduler.type', "trainer.learning_rate_scheduler.type: Ludwig's scheduler field is decay (Ludwig ignores type); moved."],
    ]);
    expect(resolveConfig(config).config.trainer).toMatchObject({ learning_rate: 0.001, learning_rate_scheduler: { decay: 'cosine' } });
    // Adafactor's own lr stays; a different trainer.learning_rate is a conflict, not a guess.
    expect(upgradeConfig({ ...features, trainer: { optimizer: { type: 'adafactor', lr: 0.01, relative_step: false } } }).config)
      .toMatchObject({ trainer: { optimizer: { type: 'adafactor', lr: 0.01 } } });
    expect(upgradeConfig({ ...features, trainer: { learning_rate: 0.1, optimizer: { type: 'sgd', lr: 0.5 } } }).conflicts.map((c) => c.path)).toEqual(['trainer.optimizer.lr']);
  });

  it('turns preprocessing.stratify into a stratified split on that column', () => {
    const { config } = upgradeConfig({ ...features, preprocessing: { stratify: 'y', split_probabilities: [0.8, 0.1, 0.1] } });
    expect(config).toMatchObject({ preprocessing: { split: { type: 'stratify', column: 'y', probabilities: [0.8, 0.1, 0.1] } } });
    expect(() => resolveConfig(config)).not.toThrow();
  });

  it('nests a flat feature key only when it is a parameter of an encoder of that type (a typo stays a typo)', () => {
    const { config } = upgradeConfig({ input_features: [{ name: 'c', type: 'category', embedding_size: 8, colour: 'red' }], output_features: features.output_features });
    expect(config).toMatchObject({ input_features: [{ name: 'c', type: 'category', encoder: { embedding_size: 8 }, colour: 'red' }] });
  });

  it('promotes a string search_alg from the sampler and keeps an existing executor scheduler', () => {
    const { config } = upgradeConfig({ ...features, hyperopt: { sampler: { search_alg: 'hyperopt', scheduler: { type: 'asha' } }, executor: { type: 'ray', scheduler: { type: 'fifo' } } } });
    expect(config).toMatchObject({ hyperopt: { search_alg: { type: 'hyperopt' }, executor: { type: 'ray', scheduler: { type: 'fifo' } } } });
    expect((config as { hyperopt: object }).hyperopt).not.toHaveProperty('sampler');
  });

  it("runs Ludwig's optuna executor as ray + search_alg optuna, drops its pruner (never fed) and storage with warnings, reads space int as qrandint q 1 and a dotted metric as split/output/metric", () => {
    const { config, warnings } = upgradeConfig({
      ...features,
      hyperopt: {
        executor: { type: 'optuna', num_samples: 20, sampler: 'auto', pruner: 'hyperband', storage: 'sqlite:///optuna_results.db' },
        parameters: { 'trainer.batch_size': { space: 'int', lower: 16, upper: 256 } },
        goal: 'minimize', metric: 'validation.combined.loss', split: 'validation',
      },
    });
    expect((config as { hyperopt: object }).hyperopt).toEqual({
      executor: { type: 'ray', num_samples: 20 },
      search_alg: { type: 'optuna' },
      parameters: { 'trainer.batch_size': { space: 'qrandint', lower: 16, upper: 256, q: 1 } },
      goal: 'minimize', metric: 'loss', split: 'validation', output_feature: 'combined',
    });
    expect(warnings.map((w) => w.path).sort()).toEqual([
      'hyperopt.executor.pruner', 'hyperopt.executor.sampler', 'hyperopt.executor.storage', 'hyperopt.executor.type', 'hyperopt.metric', 'hyperopt.parameters.trainer.batch_size.space',
    ]);
    expect(warnings.find((w) => w.path === 'hyperopt.executor.pruner')?.message).toMatch(/reports no intermediate results to it, so it stops no trial/);
    const gp = upgradeConfig({ ...features, hyperopt: { executor: { type: 'optuna', sampler: 'gp' } } }).config as { hyperopt: { search_alg: object } };
    expect(gp.hyperopt.search_alg).toEqual({ type: 'skopt' });
  });

  it("drops what Ludwig's schema ignores with a warning: window_size on a timeseries output, use_pretrained on the stacked_cnn image encoder", () => {
    const { config, warnings } = upgradeConfig({
      input_features: [{ name: 'img', type: 'image', encoder: { type: 'stacked_cnn', use_pretrained: false } }, { name: 'history', type: 'timeseries', preprocessing: { window_size: 24 } }],
      output_features: [{ name: 'forecast', type: 'timeseries', window_size: 24 }],
    });
    expect(config).toEqual({
      input_features: [{ name: 'img', type: 'image', encoder: { type: 'stacked_cnn' } }, { name: 'history', type: 'timeseries', preprocessing: { window_size: 24 } }],
      output_features: [{ name: 'forecast', type: 'timeseries' }],
    });
    expect(warnings).toEqual([
      { path: 'input_features[0].encoder.use_pretrained', message: expect.stringMatching(/not a parameter of Ludwig's stacked_cnn image encoder, which always trains from scratch and ignores it/) },
      { path: 'output_features[0].window_size', message: expect.stringMatching(/not a parameter of Ludwig's timeseries output, which ignores it with a warning/) },
    ]);
    // Elsewhere the key keeps its meaning (or its error).
    expect(upgradeConfig({ input_features: [{ name: 'img', type: 'image', encoder: { type: 'resnet', use_pretrained: true } }], output_features: [{ name: 'y', type: 'binary' }] }).warnings).toEqual([]);
  });

  it("drops window_size written on a timeseries input (Ludwig's nbeats and patchtst examples), which Ludwig's feature ignores, naming preprocessing.window_size", () => {
    const { config, warnings } = upgradeConfig({
      input_features: [{ name: 'history', type: 'timeseries', window_size: 128, encoder: { type: 'nbeats' } }],
      output_features: [{ name: 'forecast', type: 'timeseries' }],
    });
    expect(config).toEqual({ input_features: [{ name: 'history', type: 'timeseries', encoder: { type: 'nbeats' } }], output_features: [{ name: 'forecast', type: 'timeseries' }] });
    expect(warnings).toEqual([{ path: 'input_features[0].window_size', message: expect.stringMatching(/preprocessing\.window_size.*dropped\.$/) }]);
  });

  it('upgrades a resolved config to itself, without a warning (stored configs are upgraded on every read)', () => {
    const { config: resolved } = resolveConfig({
      ...features, training: { epochs: 3, decay: true }, preprocessing: { number: { normalization: 'minmax' }, split_probabilities: [0.8, 0.1, 0.1] },
      hyperopt: { parameters: { 'x.encoder.type': { space: 'choice', categories: ['dense'] }, 'x.num_layers': { space: 'choice', categories: [1, 2] } } },
    });
    const again = upgradeConfig(resolved);
    expect(again.warnings).toEqual([]);
    expect(again.config).toEqual(resolved);
  });

  it('keeps trainer.type: trainer and drops the trainer kinds of Ludwig 0.6', () => {
    expect(upgradeConfig({ ...features, trainer: { type: 'trainer' } }).warnings).toEqual([]);
    expect(upgradeConfig({ ...features, trainer: { type: 'ray_legacy_trainer' } }).warnings).toEqual([
      { path: 'trainer.type', message: 'trainer.type was removed from Ludwig (model_type decides the trainer); removed.' },
    ]);
  });
});

describe('upgradeConfig: tabnet', () => {
  it("drops the options of Ludwig 0.4's TabNet, each with its warning, and leaves them on other combiners", () => {
    const { config, warnings } = upgradeConfig({ ...features, combiner: { type: 'tabnet', bn_virtual_divider: 32, use_keras_batch_norm: false, bn_virtual_bs: 512 } });
    expect((config as { combiner: unknown }).combiner).toEqual({ type: 'tabnet', bn_virtual_bs: 512 });
    expect(warnings.map((w) => w.path)).toEqual(['combiner.bn_virtual_divider', 'combiner.use_keras_batch_norm']);
    expect((upgradeConfig({ ...features, combiner: { type: 'concat', bn_virtual_divider: 32 } }).config as { combiner: unknown }).combiner).toEqual({ type: 'concat', bn_virtual_divider: 32 });
  });

  it("drops num_fc_layers, which Ludwig's tabnet has no field for and ignores (its higgs_best.yaml), and keeps it on concat", () => {
    const { config, warnings } = upgradeConfig({ ...features, combiner: { type: 'tabnet', num_fc_layers: 3, num_steps: 3 } });
    expect((config as { combiner: unknown }).combiner).toEqual({ type: 'tabnet', num_steps: 3 });
    expect(warnings).toEqual([{ path: 'combiner.num_fc_layers', message: "combiner.num_fc_layers is not a parameter of Ludwig's tabnet combiner (its steps end in one projection to output_size), which ignores it; dropped." }]);
    expect(parseConfigText('input_features: [{name: x, type: number}]\noutput_features: [{name: y, type: binary}]\ncombiner: {type: concat, num_fc_layers: 2}\n').config.combiner).toMatchObject({ type: 'concat', num_fc_layers: 2 });
  });
});

describe('writtenPath', () => {
  it('follows a key moved twice back to where it was written', () => {
    const moves = [{ from: 'training', to: 'trainer' }, { from: 'trainer.decay_steps', to: 'trainer.learning_rate_scheduler.decay_steps' }];
    expect(writtenPath(moves, 'trainer.learning_rate_scheduler.decay_steps')).toBe('training.decay_steps');
    expect(writtenPath(moves, 'trainer.epochs')).toBe('training.epochs');
    expect(writtenPath(moves, 'trainers')).toBe('trainers');
  });

  it('points a problem found after upgrading at the key the user wrote', () => {
    const text = 'input_features:\n  - name: x\n    type: number\noutput_features:\n  - {name: y, type: binary}\ntraining:\n  epochs: 0\n  decay_rate: 7\n';
    const error = catchOvertureError(() => parseConfigText(text));
    expect(error.details.map((d) => [d.path, d.line, d.column])).toEqual([
      ['trainer.epochs', 7, 11],
      ['trainer.learning_rate_scheduler.decay_rate', 8, 15],
    ]);
  });
});

describe('problems inside a block Overture does not implement', () => {
  it('answers the block with its one "not supported yet", not with its parameters', () => {
    const error = catchOvertureError(() => resolveConfig({
      input_features: [{ name: 'x', type: 'number' }],
      output_features: [{ name: 'y', type: 'category', loss: { type: 'focal', gamma: 2, alpha: 0.25 } }],
      trainer: { optimizer: { type: 'lion', betas: [0.9, 0.99] }, epocs: 2 },
    }));
    expect(error.code).toBe('invalid_config');
    expect(error.details.map((d) => `${d.path}: ${d.message}`)).toEqual([
      "output_features[0].loss.type: 'focal' is a Ludwig loss of category features that Overture does not support yet",
      "trainer.optimizer.type: 'lion' is a Ludwig optimizer that Overture does not support yet: Ludwig runs Lion from bitsandbytes; use adamw",
      "trainer.epocs: unknown key 'epocs' in trainer",
    ]);
  });
});

describe('Ludwig trainer parameters Overture lacks', () => {
  it('answers them by name, not as unknown keys', () => {
    const error = catchOvertureError(() => resolveConfig({ ...features, trainer: { compile: true, learning_rate_scheduler: { wsd_decay_fraction: 0.1 } } }));
    expect(error.code).toBe('unsupported');
    expect(error.details).toEqual([
      { path: 'trainer.learning_rate_scheduler.wsd_decay_fraction', message: "'wsd_decay_fraction' is a Ludwig learning rate scheduler parameter that Overture does not support yet" },
      { path: 'trainer.compile', message: "'compile' is a Ludwig trainer parameter that Overture does not support yet" },
    ]);
  });
});
