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
  it("famo is Σ w·softmax(z)·L, and after each update z += lr·(L / L_before − 1) from the second step on (Ludwig's FAMOLossBalancer)", () => {
    const params = new ParameterStore();
    try {
      const balance = createLossBalancer('famo', ['a', 'b'], params, { lr: 0.5 });
      expect(params.names()).toEqual(['loss_balancing.famo_log_weight.a', 'loss_balancing.famo_log_weight.b']);
      expect(params.trainable().map((t) => t.name)).toEqual(params.names());
      // Equal weights at z = 0: softmax gives ½ each.
      expect(tf.tidy(() => balance(outputs(2, 3)).dataSync()[0])).toBeCloseTo(0.5 * 2 + 0.5 * 0.5 * 3, 6);
      balance.afterStep!({ a: 2, b: 3 });
      expect(params.get('loss_balancing.famo_log_weight.a').dataSync()[0]).toBe(0);
      // a's loss doubled, b's halved: z_a = 0.5·(2 − 1) = 0.5, z_b = 0.5·(0.5 − 1) = −0.25.
      balance.afterStep!({ a: 4, b: 1.5 });
      const za = params.get('loss_balancing.famo_log_weight.a').dataSync()[0];
      const zb = params.get('loss_balancing.famo_log_weight.b').dataSync()[0];
      expect(za).toBeCloseTo(0.5, 6);
      expect(zb).toBeCloseTo(-0.25, 6);
      const wa = Math.exp(za) / (Math.exp(za) + Math.exp(zb));
      expect(tf.tidy(() => balance(outputs(2, 3)).dataSync()[0])).toBeCloseTo(wa * 2 + (1 - wa) * 0.5 * 3, 5);
    } finally {
      params.dispose();
    }
  });

  it("nash_mtl is Σ |a|·w·L with a starting at 1/n, moved after each update 10% toward the normalized inverse losses (Ludwig's NashMTLLossBalancer)", () => {
    const params = new ParameterStore();
    try {
      const balance = createLossBalancer('nash_mtl', ['a', 'b'], params);
      expect(tf.tidy(() => balance(outputs(2, 3)).dataSync()[0])).toBeCloseTo(0.5 * 2 + 0.5 * 0.5 * 3, 6);
      balance.afterStep!({ a: 1, b: 3 });
      // Inverse losses 1 and 1/3 → targets 0.75 and 0.25.
      expect(params.get('loss_balancing.nash_weight.a').dataSync()[0]).toBeCloseTo(0.9 * 0.5 + 0.1 * 0.75, 6);
      expect(params.get('loss_balancing.nash_weight.b').dataSync()[0]).toBeCloseTo(0.9 * 0.5 + 0.1 * 0.25, 6);
    } finally {
      params.dispose();
    }
  });

  it.each(['famo', 'nash_mtl'] as const)('%s trains both outputs of a two-output model', async (strategy) => {
    const config = resolveConfig({
      input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category' }],
      output_features: [{ name: 'label', type: 'binary' }, { name: 'amount', type: 'number' }],
      combiner: { type: 'concat', num_fc_layers: 1, output_size: 16 },
      trainer: { epochs: 15, batch_size: 32, learning_rate: 0.05, early_stop: -1, loss_balancing: strategy },
    }).config;
    const { dataset, metadata } = preprocessForTraining(toyTable(400), config, { seed: 5 });
    const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      const metrics = evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 0), 256);
      expect(metrics.label.accuracy).toBeGreaterThan(0.85);
      expect(metrics.amount.mean_squared_error).toBeLessThan(4);
      const names = outcome.model.params.names().filter((n) => n.startsWith('loss_balancing.'));
      const values = names.map((n) => outcome.model.params.get(n).dataSync()[0]);
      // The weights moved from where they started (0 for famo's log-weights, ½ for nash_mtl's).
      expect(values.some((v) => Math.abs(v - (strategy === 'famo' ? 0 : 0.5)) > 0.01)).toBe(true);
    } finally {
      outcome.model.dispose();
    }
  });
});
