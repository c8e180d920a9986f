import { describe, expect, it } from 'vitest';
import { isOvertureError, type ErrorDetail } from '../errors.js';
import { resolveConfig, resolveStoredConfig } from '../resolve.js';
import { applyParameters, parameterTarget } from './paths.js';

const base = {
  input_features: [{ name: 'city', type: 'category' }, { name: 'rooms', type: 'number' }, { name: 'notes', type: 'text', encoder: { type: 'tf_idf' } }],
  output_features: [{ name: 'price', type: 'number' }],
};
const lr = { 'trainer.learning_rate': { space: 'loguniform', lower: 1e-4, upper: 0.1 } };

function problems(hyperopt: unknown): { code: string; details: ErrorDetail[] } {
  try {
    resolveConfig({ ...base, hyperopt });
  } catch (error) {
    if (isOvertureError(error)) return { code: error.code, details: error.details.map(({ path, message, suggestion }) => ({ path, message, ...(suggestion ? { suggestion } : {}) })) };
    throw error;
  }
  throw new Error('the config resolved');
}

describe('hyperopt section', () => {
  it("fills Ludwig's defaults", () => {
    const h = resolveConfig({ ...base, hyperopt: { parameters: lr } }).config.hyperopt!;
    expect(h).toMatchObject({ goal: 'minimize', output_feature: 'combined', metric: 'loss', split: 'validation' });
    expect(h.parameters['trainer.learning_rate']).toEqual({ space: 'loguniform', lower: 1e-4, upper: 0.1, base: 10 });
    expect(h.search_alg).toEqual({ type: 'variant_generator', points_to_evaluate: null, max_concurrent: 0, constant_grid_search: false, random_state: null });
    expect(h.executor).toMatchObject({ type: 'ray', num_samples: 1, time_budget_s: 3600, max_concurrent_trials: 'auto', scheduler: { type: 'fifo', time_attr: 'training_iteration' } });
  });

  it("re-resolves a stored (filled) config whose search changes the optimizer's type, as a bundle or training state is read back", () => {
    // Ludwig's examples/hyperopt/config_optuna.yaml: the filled config carries adam's amsgrad, which
    // schedule_free_adamw does not have; the config as written is valid and so is the stored one.
    const written = { ...base, hyperopt: { parameters: { 'trainer.optimizer.type': { space: 'choice', categories: ['adam', 'schedule_free_adamw'] } } } };
    const stored = JSON.parse(JSON.stringify(resolveConfig(written).config));
    expect(() => resolveConfig(stored)).toThrow(/amsgrad/);
    const again = resolveStoredConfig(stored).config;
    expect(again.hyperopt).toEqual(stored.hyperopt);
    expect(again.trainer.optimizer).toEqual(stored.trainer.optimizer);
  });

  it('accepts every parameter space', () => {
    const parameters = {
      'trainer.learning_rate': { space: 'qloguniform', lower: 1e-4, upper: 0.1, q: 1e-4 },
      'trainer.batch_size': { space: 'qlograndint', lower: 16, upper: 256, q: 16, base: 2 },
      'combiner.num_fc_layers': { space: 'randint', lower: 1, upper: 4 },
      'combiner.output_size': { space: 'qrandint', lower: 8, upper: 64, q: 8 },
      'combiner.dropout': { space: 'quniform', lower: 0, upper: 0.5, q: 0.1 },
      'combiner.norm_params': { space: 'choice', categories: [null] },
      'trainer.epochs': { space: 'lograndint', lower: 1, upper: 10 },
      'trainer.learning_rate_scheduler.decay_rate': { space: 'uniform', lower: 0.9, upper: 0.99 },
      'city.encoder.embedding_size': { space: 'grid_search', values: [8, 16] },
      'rooms.preprocessing.normalization': { space: 'choice', categories: ['zscore', 'minmax'] },
      'defaults.text.preprocessing.most_common': { space: 'choice', categories: [100, 1000] },
      'trainer.regularization_lambda': { space: 'qrandn', mean: 0.01, sd: 0.001, q: 0.001 },
      'trainer.gradient_clipping.clipglobalnorm': { space: 'randn', mean: 0.5, sd: 0.1 },
    };
    expect(Object.keys(resolveConfig({ ...base, hyperopt: { parameters } }).config.hyperopt!.parameters)).toHaveLength(13);
  });

  it('accepts a nested choice of whole sub-configs and feature encoder types', () => {
    const parameters = {
      combiner: { space: 'choice', categories: [{ type: 'concat', num_fc_layers: 2 }, { type: 'concat', output_size: 32, dropout: 0.1 }] },
      'city.encoder.type': { space: 'choice', categories: ['dense', 'sparse'] },
      // Valid only with encoder.type dense: one valid combination is enough.
      'city.encoder.embedding_size': { space: 'choice', categories: [4, 8] },
    };
    expect(() => resolveConfig({ ...base, input_features: [{ name: 'city', type: 'category', encoder: { type: 'sparse' } }, base.input_features[1]], hyperopt: { parameters } })).not.toThrow();
  });

  it('answers a parameter path the config does not have with the nearest parameter', () => {
    expect(problems({ parameters: { 'trainer.learning_rat': lr['trainer.learning_rate'] } }).details).toEqual([{
      path: 'hyperopt.parameters.trainer.learning_rat',
      message: "'trainer.learning_rat' is not a parameter of this config: trainer.learning_rat: unknown key 'learning_rat' in trainer",
      suggestion: "did you mean 'trainer.learning_rate'?",
    }]);
    expect(problems({ parameters: { 'city.encoder.embeding_size': { space: 'choice', categories: [8, 16] } } }).details[0]).toMatchObject({
      path: 'hyperopt.parameters.city.encoder.embeding_size', suggestion: "did you mean 'city.encoder.embedding_size'?",
    });
  });

  it('names the category a key does not accept', () => {
    expect(problems({ parameters: { 'city.encoder.type': { space: 'choice', categories: ['dense', 'dence'] } } }).details).toEqual([{
      path: 'hyperopt.parameters.city.encoder.type.categories[1]',
      message: "city.encoder.type = \"dence\": input_features[0].encoder.type: 'dence' is not a valid encoder of category features; valid: 'dense', 'sparse', 'onehot', 'passthrough', 'hash', 'target'",
      suggestion: "did you mean 'dense'?",
    }]);
  });

  it('checks a bound against the range of its key', () => {
    const { details } = problems({ parameters: { 'combiner.dropout': { space: 'uniform', lower: 0.5, upper: 1.5 } } });
    expect(details).toHaveLength(1);
    expect(details[0].path).toBe('hyperopt.parameters.combiner.dropout.upper');
  });

  it('refuses lower > upper, an empty range and an empty choice', () => {
    expect(problems({ parameters: { 'trainer.learning_rate': { space: 'loguniform', lower: 1, upper: 0.1 } } }).details).toEqual([
      { path: 'hyperopt.parameters.trainer.learning_rate.lower', message: 'lower (1) is greater than upper (0.1)' },
    ]);
    expect(problems({ parameters: { 'combiner.num_fc_layers': { space: 'randint', lower: 2, upper: 2 } } }).details).toEqual([
      { path: 'hyperopt.parameters.combiner.num_fc_layers.upper', message: 'randint excludes upper, so lower (2) must be below it' },
    ]);
    expect(problems({ parameters: { 'trainer.learning_rate': { space: 'choice', categories: [] } } }).details).toEqual([
      { path: 'hyperopt.parameters.trainer.learning_rate.categories', message: 'a choice needs at least one category' },
    ]);
    expect(problems({ parameters: {} }).details[0].path).toBe('hyperopt.parameters');
  });

  it('suggests the space and the key of a misspelt parameter definition', () => {
    expect(problems({ parameters: { 'trainer.learning_rate': { space: 'logunifrm', lower: 1e-4, upper: 0.1 } } }).details[0]).toMatchObject({
      path: 'hyperopt.parameters.trainer.learning_rate.space', suggestion: "did you mean 'loguniform'?",
    });
    expect(problems({ parameters: { 'trainer.learning_rate': { space: 'uniform', lowr: 0.1, upper: 0.2 } } }).details).toContainEqual({
      path: 'hyperopt.parameters.trainer.learning_rate.lowr', message: "unknown key 'lowr' in hyperopt.parameters.trainer.learning_rate", suggestion: "did you mean 'lower'?",
    });
  });

  it('refuses a metric the output feature does not have, and an unknown output feature', () => {
    expect(problems({ output_feature: 'price', metric: 'accuracy', parameters: lr }).details[0]).toMatchObject({
      path: 'hyperopt.metric', message: expect.stringContaining("'accuracy' is not a metric of number output 'price'"),
    });
    expect(problems({ metric: 'r2', parameters: lr }).details[0]).toMatchObject({ path: 'hyperopt.metric', message: "'r2' is not a metric of the combined output; valid: loss" });
    expect(problems({ output_feature: 'prise', parameters: lr }).details[0]).toMatchObject({ path: 'hyperopt.output_feature', suggestion: "did you mean 'price'?" });
  });

  it("refuses Ludwig's other search algorithms and schedulers as not supported yet, and typos as invalid", () => {
    expect(problems({ search_alg: { type: 'bohb' }, parameters: lr })).toEqual({
      code: 'unsupported', details: [{ path: 'hyperopt.search_alg.type', message: "'bohb' is a Ludwig search algorithm that Overture does not support yet" }],
    });
    expect(problems({ executor: { scheduler: { type: 'pbt' } }, parameters: lr }).code).toBe('unsupported');
    expect(problems({ search_alg: { type: 'hyperop' }, parameters: lr })).toMatchObject({ code: 'invalid_config', details: [{ suggestion: "did you mean 'hyperopt'?" }] });
    expect(problems({ executor: { gpu_resources_per_trial: 1 }, parameters: lr }).code).toBe('unsupported');
  });

  it("accepts skopt with Ray's SkOptSearch fields, refusing the ones that take Python objects or unrun results, and grid_search", () => {
    const { config } = resolveConfig({ ...base, hyperopt: { parameters: lr, search_alg: { type: 'skopt', points_to_evaluate: [{ 'trainer.learning_rate': 0.01 }] } } });
    expect(config.hyperopt!.search_alg).toEqual({ type: 'skopt', optimizer: null, space: null, points_to_evaluate: [{ 'trainer.learning_rate': 0.01 }], evaluated_rewards: null, convert_to_python: true });
    expect(problems({ parameters: lr, search_alg: { type: 'skopt', evaluated_rewards: [0.5] } })).toEqual({
      code: 'unsupported',
      details: [{ path: 'hyperopt.search_alg.evaluated_rewards', message: 'evaluated_rewards is a Ludwig search algorithm option that Overture does not support yet (results of points_to_evaluate given without running them)' }],
    });
    expect(problems({ parameters: lr, search_alg: { type: 'skopt', optimizer: 'gp' } }).code).toBe('unsupported');
    expect(problems({ parameters: { x: { space: 'grid_search', values: [1, 2] } }, search_alg: { type: 'skopt' } }).details[0]).toMatchObject({
      path: 'hyperopt.parameters.x.space', message: 'grid_search needs search_alg variant_generator (or random); skopt samples every parameter, use choice',
    });
  });

  it("accepts the synchronous hyperband scheduler with Ray Tune's defaults", () => {
    const { config } = resolveConfig({ ...base, hyperopt: { parameters: lr, executor: { scheduler: { type: 'hyperband' } } } });
    expect(config.hyperopt!.executor.scheduler).toEqual({ type: 'hyperband', time_attr: 'training_iteration', metric: null, mode: null, max_t: 81, reduction_factor: 3, stop_last_trials: true });
    expect(problems({ parameters: lr, executor: { scheduler: { type: 'hyperband', reduction_factor: 1 } } }).details[0]).toMatchObject({ path: 'hyperopt.executor.scheduler.reduction_factor', message: expect.stringContaining('must be greater than 1') });
  });

  it("upgrades Ludwig's ASHA aliases", () => {
    const { config, warnings } = resolveConfig({ ...base, hyperopt: { parameters: lr, executor: { scheduler: { type: 'asha', max_t: 10 } } } });
    expect(config.hyperopt!.executor.scheduler).toEqual({
      type: 'async_hyperband', time_attr: 'training_iteration', metric: null, mode: null, max_t: 10, grace_period: 1, reduction_factor: 4, brackets: 1, stop_last_trials: true,
    });
    expect(warnings.map((w) => w.path)).toContain('hyperopt.executor.scheduler.type');
  });

  it('accepts median_stopping_rule (and its Ludwig alias) with Ray Tune\'s defaults, refusing to pause trials', () => {
    const { config } = resolveConfig({ ...base, hyperopt: { parameters: lr, executor: { scheduler: { type: 'medianstoppingrule' } } } });
    expect(config.hyperopt!.executor.scheduler).toEqual({
      type: 'median_stopping_rule', time_attr: 'training_iteration', metric: null, mode: null, grace_period: 60, min_samples_required: 3, min_time_slice: 0, hard_stop: true,
    });
    expect(problems({ parameters: lr, executor: { scheduler: { type: 'median_stopping_rule', hard_stop: false } } })).toEqual({
      code: 'unsupported',
      details: [{ path: 'hyperopt.executor.scheduler.hard_stop', message: 'hard_stop: false (pausing trials to resume them later) is a Ludwig scheduler option that Overture does not support yet' }],
    });
  });

  it('refuses grid_search with TPE, points that name no parameter, and a mode against the goal', () => {
    expect(problems({ search_alg: { type: 'optuna' }, parameters: { 'combiner.num_fc_layers': { space: 'grid_search', values: [1, 2] } } }).details[0].path)
      .toBe('hyperopt.parameters.combiner.num_fc_layers.space');
    expect(problems({ search_alg: { type: 'hyperopt', points_to_evaluate: [{ 'trainer.learning_rat': 0.01 }] }, parameters: lr }).details[0])
      .toMatchObject({ path: 'hyperopt.search_alg.points_to_evaluate[0].trainer.learning_rat', suggestion: "did you mean 'trainer.learning_rate'?" });
    expect(problems({ goal: 'maximize', metric: 'loss', executor: { scheduler: { type: 'fifo', mode: 'min' } }, parameters: lr }).details[0].path)
      .toBe('hyperopt.executor.scheduler.mode');
  });
});

describe('hyperopt validation cost', () => {
  it('stays bounded for a huge search space (values past the probe budget are left to their trials)', () => {
    const parameters = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`combiner.num_fc_layers_${i}`, { space: 'choice', categories: Array.from({ length: 50 }, (_, j) => j) }]));
    const started = performance.now();
    const { details } = problems({ parameters });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(details.length).toBeGreaterThan(0);
  });
});

describe('applyParameters', () => {
  it("maps feature names, literal paths and '.' as Ludwig's substitute_parameters does", () => {
    expect(parameterTarget(base, 'price.decoder.num_fc_layers')).toEqual(['output_features', 0, 'decoder', 'num_fc_layers']);
    expect(parameterTarget(base, 'defaults.text.encoder.max_features')).toEqual(['defaults', 'text', 'encoder', 'max_features']);
    const out = applyParameters({ ...base, combiner: { type: 'concat', dropout: 0.2 } }, {
      'city.encoder.type': 'sparse', 'trainer.learning_rate': 0.01, combiner: { output_size: 8 }, '.': { trainer: { epochs: 3 } },
    });
    expect(out.input_features).toEqual([{ name: 'city', type: 'category', encoder: { type: 'sparse' } }, base.input_features[1], base.input_features[2]]);
    expect(out.combiner).toEqual({ type: 'concat', dropout: 0.2, output_size: 8 });
    expect(out.trainer).toEqual({ learning_rate: 0.01, epochs: 3 });
    expect(base.input_features[0]).toEqual({ name: 'city', type: 'category' });
  });
});
