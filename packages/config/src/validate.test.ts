import { describe, expect, it } from 'vitest';
import { metricGoal, metricsByOutputType } from './metrics.js';
import { resolveConfig } from './resolve.js';
import { catchOvertureError } from './test/helpers.js';

const inputs = [{ name: 'x', type: 'number' }];
const problems = (config: object) => {
  const error = catchOvertureError(() => resolveConfig(config));
  expect(error.code).toBe('invalid_config');
  return error.details;
};

describe('cross-field checks', () => {
  it('requires feature names to be unique across inputs and outputs', () => {
    expect(problems({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'x', type: 'binary' }] })).toEqual([
      { path: 'output_features[0].name', message: "feature name 'x' is used twice (also at input_features[0]); names must be unique across inputs and outputs" },
    ]);
  });

  it('requires at least one output feature', () => {
    expect(problems({ input_features: inputs, output_features: [] })).toEqual([
      { path: 'output_features', message: 'at least one output feature is required' },
    ]);
    expect(problems({ input_features: inputs })).toEqual([{ path: 'output_features', message: "missing required key 'output_features'" }]);
  });

  it('requires dependencies to name other output features', () => {
    expect(
      problems({ input_features: inputs, output_features: [{ name: 'coarse', type: 'category' }, { name: 'fine', type: 'category', dependencies: ['corse'] }] }),
    ).toEqual([{ path: 'output_features[1].dependencies[0]', message: "dependency 'corse' is not an output feature", suggestion: "did you mean 'coarse'?" }]);
  });

  it('reports a dependency cycle with its path', () => {
    const details = problems({
      input_features: inputs,
      output_features: [
        { name: 'a', type: 'category', dependencies: ['c'] },
        { name: 'b', type: 'category', dependencies: ['a'] },
        { name: 'c', type: 'category', dependencies: ['b'] },
      ],
    });
    expect(details).toEqual([{ path: 'output_features[0].dependencies', message: 'output dependencies form a cycle: a → c → b → a' }]);
  });

  it('lists the valid encoders when an encoder does not fit the feature type', () => {
    expect(problems({ input_features: [{ name: 'x', type: 'number', encoder: { type: 'embed' } }], output_features: [{ name: 'y', type: 'binary' }] })).toEqual([
      { path: 'input_features[0].encoder.type', message: "'embed' is not a valid encoder of number features; valid: 'passthrough', 'dense', 'ple', 'bins', 'periodic'" },
    ]);
  });

  it('requires validation_field to be an output or combined', () => {
    expect(problems({ input_features: inputs, output_features: [{ name: 'price', type: 'number' }], trainer: { validation_field: 'prize' } })).toEqual([
      { path: 'trainer.validation_field', message: "validation_field 'prize' is not an output feature or 'combined'", suggestion: "did you mean 'price'?" },
    ]);
  });

  it('requires validation_metric to be a metric of the validation output type', () => {
    expect(problems({ input_features: inputs, output_features: [{ name: 'y', type: 'binary' }], trainer: { validation_metric: 'jacard' } })).toEqual([
      { path: 'trainer.validation_metric', message: "'jacard' is not a metric of binary output 'y'; valid: loss, accuracy, precision, recall, specificity, roc_auc" },
    ]);
    expect(
      problems({ input_features: inputs, output_features: [{ name: 'y', type: 'number' }], trainer: { validation_field: 'combined', validation_metric: 'r2' } }),
    ).toEqual([{ path: 'trainer.validation_metric', message: "'r2' is not a metric of the combined output; valid: loss" }]);
  });

  it('resolves validation_metric from the chosen output', () => {
    const { config } = resolveConfig({
      input_features: inputs,
      output_features: [{ name: 'a', type: 'number' }, { name: 'b', type: 'set' }],
      trainer: { validation_field: 'b' },
    });
    expect(config.trainer).toMatchObject({ validation_field: 'b', validation_metric: 'jaccard' });
  });

  it('requires tied to name an input of the same type', () => {
    expect(
      problems({ input_features: [{ name: 'a', type: 'category' }, { name: 'b', type: 'number', tied: 'a' }], output_features: [{ name: 'y', type: 'binary' }] }),
    ).toEqual([{ path: 'input_features[1].tied', message: "tied feature 'a' is a category feature; it must be number like 'b'" }]);
  });

  it('requires split probabilities to sum to 1 and stratify to name a column', () => {
    expect(problems({ input_features: inputs, output_features: [{ name: 'y', type: 'binary' }], preprocessing: { split: { probabilities: [0.5, 0.2, 0.2] } } })).toEqual([
      { path: 'preprocessing.split.probabilities', message: 'split probabilities must sum to 1 (train, validation, test)' },
    ]);
    expect(problems({ input_features: inputs, output_features: [{ name: 'y', type: 'binary' }], preprocessing: { split: { type: 'stratify' } } })).toEqual([
      { path: 'preprocessing.split.column', message: "missing required key 'column'" },
    ]);
  });

  it('refuses bag and date outputs with the output types listed', () => {
    expect(problems({ input_features: inputs, output_features: [{ name: 'd', type: 'date' }] })).toEqual([
      { path: 'output_features[0].type', message: "date features cannot be output features; output types: 'binary', 'number', 'category', 'set', 'vector', 'timeseries', 'category_distribution', 'anomaly', 'text', 'sequence'" },
    ]);
  });
});

describe('metrics', () => {
  it('knows which way each metric improves', () => {
    expect(metricGoal('roc_auc')).toBe('maximize');
    expect(metricGoal('r2')).toBe('maximize');
    expect(metricGoal('jaccard')).toBe('maximize');
    expect(metricGoal('loss')).toBe('minimize');
    expect(metricGoal('mean_absolute_error')).toBe('minimize');
    for (const metrics of Object.values(metricsByOutputType)) expect(metrics[0]).toBe('loss');
  });
});
