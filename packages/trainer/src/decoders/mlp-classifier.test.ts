import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import { resolved } from '../test-support/training-step.js';
import { toyTable } from '../test-support/toy-table.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const decoderOf = (decoder: Record<string, unknown>, type = 'binary') =>
  resolveConfig({ input_features: [{ name: 'x1', type: 'number' }], output_features: [{ name: 'label', type, decoder }] }).config.output_features[0].decoder;

describe("Ludwig 0.17's mlp_classifier decoder", () => {
  it("fills in Ludwig's defaults (one hidden layer of 256)", () => {
    expect(decoderOf({ type: 'mlp_classifier' })).toEqual({
      type: 'mlp_classifier', num_fc_layers: 1, output_size: 256, activation: 'relu', dropout: 0, use_bias: true,
      weights_initializer: 'xavier_uniform', bias_initializer: 'zeros', calibration: null, mc_dropout_samples: 0,
    });
  });

  it("moves temperature scaling to the feature's calibration; refuses MC dropout and the fc_* keys its Ludwig decoder does not read", () => {
    // Ludwig declares decoder.calibration but never applies it; the feature's own calibration does what it asks.
    expect(decoderOf({ type: 'mlp_classifier', calibration: 'temperature_scaling' })).toMatchObject({ type: 'mlp_classifier', calibration: null });
    expect(resolveConfig({ input_features: [{ name: 'x1', type: 'number' }], output_features: [{ name: 'label', type: 'binary', decoder: { type: 'mlp_classifier', calibration: 'temperature_scaling' } }] }).config.output_features[0]).toMatchObject({ calibration: true });
    expect(() => decoderOf({ type: 'mlp_classifier', mc_dropout_samples: 20 }, 'category')).toThrow(/'mc_dropout_samples' above 0 is a Ludwig decoder option that Overture does not support yet/);
    expect(() => decoderOf({ type: 'mlp_classifier', fc_output_size: 8 })).toThrow(/unknown key 'fc_output_size'.*did you mean 'output_size'/);
    expect(() => decoderOf({ type: 'mlp_classifier' }, 'number')).toThrow(/mlp_classifier/);
  });

  it.each([
    ['label', 'binary', 0.85],
    ['kind', 'category', 0.75],
  ])('learns the toy %s (%s) target to %s test accuracy on wasm, well above the majority class', async (target, type, floor) => {
    const config = resolved({
      input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category' }],
      output_features: [{ name: target, type, decoder: { type: 'mlp_classifier', num_fc_layers: 1, output_size: 16, dropout: 0.1 } }],
      trainer: { epochs: 15, batch_size: 32, learning_rate: 0.01, early_stop: -1 },
    });
    const { testStatistics } = await trainOnTable({ table: toyTable(600, 7), config, seed: 3, featureImportance: false });
    expect(tf.getBackend()).toBe('wasm');
    const stats = (testStatistics as Record<string, { accuracy: number }>)[target];
    expect(stats.accuracy).toBeGreaterThanOrEqual(floor);
  }, 30_000);
});
