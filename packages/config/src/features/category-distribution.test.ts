import { describe, expect, it } from 'vitest';
import { checkConfig, resolveConfig } from '../index.js';

const output = (extra: Record<string, unknown> = {}) => ({ name: 'mix', type: 'category_distribution', preprocessing: { vocab: ['a', 'b', 'c'] }, ...extra });
const config = (out: Record<string, unknown>) => ({ input_features: [{ name: 'x', type: 'number' }], output_features: [out] });

describe('category_distribution output', () => {
  it("resolves to Ludwig's defaults: classifier decoder, softmax_cross_entropy loss, drop_row, accuracy, top_k 3", () => {
    const { config: resolved } = resolveConfig(config(output()));
    expect(resolved.output_features[0]).toMatchObject({
      type: 'category_distribution',
      decoder: { type: 'classifier' },
      loss: { type: 'softmax_cross_entropy', weight: 1 },
      preprocessing: { missing_value_strategy: 'drop_row', vocab: ['a', 'b', 'c'] },
      default_validation_metric: 'accuracy',
      top_k: 3,
      calibration: false,
    });
  });

  it('refuses a config without preprocessing.vocab, naming the path', () => {
    const refused = checkConfig(config({ name: 'mix', type: 'category_distribution' }));
    expect(refused.code).toBe('invalid_config');
    expect(refused.errors.map((e) => e.path)).toContain('output_features[0].preprocessing');
    const inner = checkConfig(config({ name: 'mix', type: 'category_distribution', preprocessing: {} }));
    expect(inner.errors.map((e) => e.path)).toContain('output_features[0].preprocessing.vocab');
  });

  it('refuses a vocab with one class or a repeated class', () => {
    expect(checkConfig(config(output({ preprocessing: { vocab: ['a'] } }))).errors[0]).toMatchObject({ path: 'output_features[0].preprocessing.vocab' });
    expect(checkConfig(config(output({ preprocessing: { vocab: ['a', 'a'] } }))).errors[0].message).toMatch(/repeated/);
  });

  it('accepts mlp_classifier and refuses a loss that needs class ids', () => {
    expect(checkConfig(config(output({ decoder: { type: 'mlp_classifier' } }))).errors).toEqual([]);
    const refused = checkConfig(config(output({ loss: { type: 'entropic_open_set' } })));
    expect(refused.errors[0]).toMatchObject({ path: 'output_features[0].loss.type' });
    // Ludwig's schema accepts the category losses here: refused as not supported yet, not as a mistake.
    expect(refused.code).toBe('unsupported');
    expect(checkConfig(config(output({ loss: { type: 'no_such_loss' } }))).code).toBe('invalid_config');
  });

  it("accepts Ludwig's metrics as validation metric and refuses calibration: true", () => {
    expect(checkConfig({ ...config(output()), trainer: { validation_metric: 'softmax_cross_entropy' } }).errors).toEqual([]);
    expect(checkConfig(config(output({ default_validation_metric: 'roc_auc' }))).errors).toEqual([]);
    const refused = checkConfig(config(output({ calibration: true })));
    expect(refused.errors[0]).toMatchObject({ path: 'output_features[0].calibration' });
    expect(refused.errors[0].message).toMatch(/not support yet/);
  });

  it('refuses category_distribution as an input feature: it is output-only, as in Ludwig', () => {
    const refused = checkConfig({ input_features: [{ name: 'mix', type: 'category_distribution', preprocessing: { vocab: ['a', 'b'] } }], output_features: [{ name: 'y', type: 'binary' }] });
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({ path: 'input_features[0].type' });
    expect(refused.errors[0].message).toMatch(/category_distribution features cannot be input features/);
  });
});
