import { describe, expect, it } from 'vitest';
import { checkConfig, resolveConfig } from '../index.js';

const config = (out: Record<string, unknown>) => ({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'odd', type: 'anomaly', ...out }] });

describe('anomaly output', () => {
  it("resolves to Ludwig's defaults: anomaly decoder, deep_svdd with nu 0.1, threshold auto at the 95th percentile, anomaly_auroc", () => {
    const { config: resolved } = resolveConfig(config({}));
    expect(resolved.output_features[0]).toMatchObject({
      type: 'anomaly',
      decoder: { type: 'anomaly', num_fc_layers: 0, fc_output_size: 256, input_size: null },
      loss: { type: 'deep_svdd', nu: 0.1, weight: 1 },
      threshold: 'auto',
      threshold_percentile: 95,
      default_validation_metric: 'anomaly_auroc',
      reduce_input: 'sum',
    });
  });

  it("takes deep_sad's eta and drocc's perturbation fields with Ludwig's defaults", () => {
    expect(resolveConfig(config({ loss: { type: 'deep_sad' } })).config.output_features[0]).toMatchObject({ loss: { type: 'deep_sad', eta: 1, weight: 1 } });
    expect(resolveConfig(config({ loss: { type: 'drocc' } })).config.output_features[0]).toMatchObject({
      loss: { type: 'drocc', perturbation_strength: 0.1, num_perturbation_steps: 5, weight: 1 },
    });
  });

  it('accepts a fixed threshold and f1_max as validation metric', () => {
    expect(checkConfig(config({ threshold: 2.5, default_validation_metric: 'f1_max' })).errors).toEqual([]);
    expect(checkConfig({ ...config({}), trainer: { validation_metric: 'anomaly_auroc' } }).errors).toEqual([]);
  });

  it('refuses a negative threshold, a percentile above 100, nu above 1 and a loss of another type, naming the path', () => {
    expect(checkConfig(config({ threshold: -1 })).errors[0]).toMatchObject({ path: 'output_features[0].threshold' });
    expect(checkConfig(config({ threshold: 'median' })).errors[0]).toMatchObject({ path: 'output_features[0].threshold' });
    expect(checkConfig(config({ threshold_percentile: 101 })).errors[0]).toMatchObject({ path: 'output_features[0].threshold_percentile' });
    expect(checkConfig(config({ loss: { type: 'deep_svdd', nu: 1.5 } })).errors[0]).toMatchObject({ path: 'output_features[0].loss.nu' });
    expect(checkConfig(config({ loss: { type: 'mean_squared_error' } })).errors[0]).toMatchObject({ path: 'output_features[0].loss.type' });
  });

  it('refuses anomaly as an input feature: it is output-only, as in Ludwig', () => {
    const refused = checkConfig({ input_features: [{ name: 'odd', type: 'anomaly' }], output_features: [{ name: 'y', type: 'binary' }] });
    expect(refused.errors[0]).toMatchObject({ path: 'input_features[0].type' });
    expect(refused.errors[0].message).toMatch(/anomaly features cannot be input features/);
  });
});
