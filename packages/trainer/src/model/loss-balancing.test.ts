import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { toyTable } from '../test-support/toy-table.js';
import { splitRows } from '../training/batches.js';
import { evaluateSplit } from '../training/evaluate-split.js';
import { trainModel } from '../training/train.js';
import { createLossBalancer } from './loss-balancing.js';
import { ParameterStore } from './parameters.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const outputs = (a: number, b: number) => [
  { name: 'a', weight: 1, value: tf.scalar(a) },
  { name: 'b', weight: 0.5, value: tf.scalar(b) },
];

describe('loss_balancing', () => {
  it('none is the weighted sum and log_transform the weighted sum of log(1 + loss)', () => {
    const params = new ParameterStore();
    try {
      expect(tf.tidy(() => createLossBalancer('none', ['a', 'b'], params)(outputs(2, 3)).dataSync()[0])).toBeCloseTo(2 + 1.5, 6);
      expect(tf.tidy(() => createLossBalancer('log_transform', ['a', 'b'], params)(outputs(2, 3)).dataSync()[0])).toBeCloseTo(Math.log(3) + 0.5 * Math.log(4), 6);
      expect(params.names()).toEqual([]);
    } finally {
      params.dispose();
    }
  });

  it('uncertainty is Σ w·(exp(−s)·L + s/2) with a learned s per output, and its gradient in s is w·(½ − exp(−s)·L)', () => {
    const params = new ParameterStore();
    try {
      const balance = createLossBalancer('uncertainty', ['a', 'b'], params);
      expect(params.names()).toEqual(['loss_balancing.log_var.a', 'loss_balancing.log_var.b']);
      params.get('loss_balancing.log_var.a').assign(tf.scalar(0.5));
      params.get('loss_balancing.log_var.b').assign(tf.scalar(-1));
      const { value, grads } = tf.variableGrads(() => balance(outputs(2, 3)), params.trainable().map((t) => t.variable));
      expect(value.dataSync()[0]).toBeCloseTo(Math.exp(-0.5) * 2 + 0.25 + 0.5 * (Math.exp(1) * 3 - 0.5), 5);
      expect(grads[params.get('loss_balancing.log_var.a').name].dataSync()[0]).toBeCloseTo(0.5 - Math.exp(-0.5) * 2, 5);
      expect(grads[params.get('loss_balancing.log_var.b').name].dataSync()[0]).toBeCloseTo(0.5 * (0.5 - Math.exp(1) * 3), 5);
      tf.dispose([value, ...Object.values(grads)]);
    } finally {
      params.dispose();
    }
  });

  it('uncertainty learns each output\'s log-variance near its optimum log(2L) and still trains both outputs', async () => {
    const config = resolveConfig({
      input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category' }],
      output_features: [{ name: 'label', type: 'binary' }, { name: 'amount', type: 'number' }],
      combiner: { type: 'concat', num_fc_layers: 1, output_size: 16 },
      trainer: { epochs: 15, batch_size: 32, learning_rate: 0.05, early_stop: -1, loss_balancing: 'uncertainty' },
    }).config;
    const { dataset, metadata } = preprocessForTraining(toyTable(400), config, { seed: 5 });
    const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      const logVar = (name: string) => outcome.model.params.get(`loss_balancing.log_var.${name}`).dataSync()[0];
      const metrics = evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 0), 256);
      // d/ds (e^(−s)·L + s/2) = 0 at s = log(2L): here about 0.8 for amount and −1 for label.
      expect(Math.abs(logVar('amount') - Math.log(2 * metrics.amount.loss))).toBeLessThan(0.3);
      expect(Math.abs(logVar('label') - Math.log(2 * metrics.label.loss))).toBeLessThan(0.3);
      expect(logVar('amount') - logVar('label')).toBeGreaterThan(1);
      expect(metrics.label.accuracy).toBeGreaterThan(0.85);
      expect(metrics.amount.mean_squared_error).toBeLessThan(4);
    } finally {
      outcome.model.dispose();
    }
  });
});
