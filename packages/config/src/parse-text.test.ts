import { describe, expect, it } from 'vitest';
import { parseConfigText } from './parse-text.js';
import { renderConfigYaml } from './render.js';
import { catchOvertureError } from './test/helpers.js';

const yaml = `# churn model
input_features:
  - name: age
    type: number
  - name: plan
    type: categroy
  - name: region
    type: category
    encoder:
      type: dense
      embeding_size: 16
output_features:
  - name: churned
    type: binary
trainer:
  epocs: 20
  optimizer:
    type: adamm
epochz: 3
`;

describe('parseConfigText', () => {
  const error = catchOvertureError(() => parseConfigText(yaml));
  const at = (path: string) => error.details.find((d) => d.path === path);

  it('lists every problem in one invalid_config error', () => {
    expect(error.code).toBe('invalid_config');
    expect(error.details.map((d) => d.path).sort()).toEqual([
      'epochz', 'input_features[1].type', 'input_features[2].encoder.embeding_size', 'trainer.epocs', 'trainer.optimizer.type',
    ]);
    expect(error.message).toMatch(/^The config has 5 problems: /);
  });

  it('suggests the nearest top-level key with its line and column', () => {
    expect(at('epochz')).toEqual({ path: 'epochz', message: "unknown key 'epochz' in the config", line: 19, column: 1 });
  });

  it('suggests the nearest nested key, pointing at the key', () => {
    expect(at('trainer.epocs')).toEqual({
      path: 'trainer.epocs', message: "unknown key 'epocs' in trainer", suggestion: "did you mean 'epochs'?", line: 16, column: 3,
    });
    expect(at('input_features[2].encoder.embeding_size')).toMatchObject({ suggestion: "did you mean 'embedding_size'?", line: 11, column: 7 });
  });

  it('suggests the nearest feature type and enum value, pointing at the value', () => {
    expect(at('input_features[1].type')).toMatchObject({ suggestion: "did you mean 'category'?", line: 6, column: 11 });
    expect(at('trainer.optimizer.type')).toMatchObject({
      message: "'adamm' is not a valid optimizer; valid: 'adam', 'adamw', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam', 'radam', 'adafactor', 'schedule_free_adamw', 'muon', 'lbfgs'",
      suggestion: "did you mean 'adam'?",
      line: 18,
      column: 11,
    });
  });

  it('reports YAML syntax errors with their position', () => {
    const syntax = catchOvertureError(() => parseConfigText('input_features:\n  - name: a\n   type: [number\n'));
    expect(syntax.code).toBe('invalid_config');
    expect(syntax.details[0].message).toMatch(/^YAML syntax error/);
    expect(syntax.details[0].line).toBeGreaterThanOrEqual(2);
  });

  it('parses JSON too, and locates warnings', () => {
    const { config, warnings } = parseConfigText(
      '{\n  "ludwig_version": "0.10.4",\n  "input_features": [{"name": "a", "type": "number"}],\n  "output_features": [{"name": "b", "type": "number"}]\n}',
      'json',
    );
    expect(config.output_features[0].type).toBe('number');
    expect(warnings).toEqual([{ path: 'ludwig_version', message: 'ludwig_version is accepted for compatibility with Ludwig and ignored', line: 2, column: 3 }]);
  });
});

describe('names like Object.prototype members', () => {
  it('accepts features named __proto__, constructor, toString and hasOwnProperty, with ties and dependencies between them', () => {
    const { config } = parseConfigText(
      'input_features:\n  - {name: __proto__, type: number, tied: prototype}\n  - {name: prototype, type: number}\n  - {name: constructor, type: category}\n' +
        'output_features:\n  - {name: toString, type: binary, dependencies: [hasOwnProperty]}\n  - {name: hasOwnProperty, type: number}\ntrainer: {validation_field: toString}\n',
    );
    expect(config.input_features.map((f) => f.name)).toEqual(['__proto__', 'prototype', 'constructor']);
    expect(config.output_features[0]).toMatchObject({ name: 'toString', dependencies: ['hasOwnProperty'] });
    expect(config.trainer).toMatchObject({ validation_field: 'toString', validation_metric: 'roc_auc' });
  });

  it('reports keys named __proto__ or constructor as unknown keys, at their line', () => {
    const error = catchOvertureError(() => parseConfigText('__proto__: {epochs: 1}\ninput_features: [{name: a, type: number}]\noutput_features: [{name: b, type: binary}]\ntrainer: {constructor: 1}\n'));
    expect(error.details.map((d) => [d.path, d.line])).toEqual([['trainer.constructor', 4], ['__proto__', 1]]);
  });
});

describe('renderConfigYaml', () => {
  it('renders a resolved config that parses back to the same config', () => {
    const { config } = parseConfigText('input_features: [{name: a, type: category}]\noutput_features: [{name: b, type: binary}]\n');
    const text = renderConfigYaml(config);
    expect(text.split('\n').slice(0, 4)).toEqual(['overture_version: "0.1"', 'model_type: ecd', 'input_features:', '  - name: a']);
    expect(parseConfigText(text).config).toEqual(config);
  });

  it('notes above a text input why its encoder is tf_idf, and the note parses away', () => {
    const written = { input_features: [{ name: 't', type: 'text', encoder: { type: 'tf_idf' } }], output_features: [{ name: 'y', type: 'binary' }] };
    const text = renderConfigYaml(written as never);
    expect(text).toContain("    # tf_idf, not Ludwig's default parallel_cnn: the text default of Overture's auto-config (the other text encoders of the schema train too)\n    encoder:\n      type: tf_idf");
    expect(parseConfigText(text).config.input_features[0].encoder).toMatchObject({ type: 'tf_idf' });
  });
});
