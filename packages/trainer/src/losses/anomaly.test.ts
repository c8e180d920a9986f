import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { createLoss } from './registry.js';
import { quantile } from './anomaly.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function lossOf(loss: Record<string, unknown>) {
  const [output] = resolveConfig({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'a', type: 'anomaly', loss }] }).config.output_features;
  if (output.type !== 'anomaly') throw new Error('expected the anomaly output');
  return createLoss(output.loss, { labels: [] });
}

const d = [0.5, 1, 2, 4, 8, 0.25, 3, 6, 1.5, 10];
const labels = [0, 0, 1, -1, 1, 0, -1, 0, 0, 1];

function value(loss: ReturnType<typeof lossOf>, scores = d, targets = labels): number {
  return tf.tidy(() => loss(tf.tensor2d(scores, [scores.length, 1]), tf.tensor2d(targets, [targets.length, 1])).dataSync()[0]);
}

describe('anomaly losses (Ludwig loss_modules.py)', () => {
  it('quantile interpolates linearly between ranks, as torch.quantile', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile(d, 0.9)).toBeCloseTo(8 + 0.1 * 2, 12);
  });

  it('deep_svdd: hard boundary mean(d) at nu 0; soft boundary R + mean(max(0, d - R)) / nu', () => {
    expect(value(lossOf({ type: 'deep_svdd', nu: 0 }))).toBeCloseTo(d.reduce((a, b) => a + b) / d.length, 5);
    const R = quantile(d, 0.9); // 8.2
    const expected = R + d.reduce((s, x) => s + Math.max(0, x - R), 0) / d.length / 0.1;
    expect(value(lossOf({ type: 'deep_svdd' }))).toBeCloseTo(expected, 4);
  });

  it('deep_sad: d for normal and unlabeled rows, eta / (d + 1e-6) for labeled anomalies', () => {
    const expected = d.reduce((s, x, i) => s + (labels[i] === 1 ? 2 / (x + 1e-6) : x), 0) / d.length;
    expect(value(lossOf({ type: 'deep_sad', eta: 2 }))).toBeCloseTo(expected, 4);
  });

  it('deep_sad pushes labeled anomalies away: its gradient on an anomaly row is negative', () => {
    const loss = lossOf({ type: 'deep_sad' });
    const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => loss(x as tf.Tensor2D, tf.tensor2d([[0], [1]])))(tf.tensor2d([[1], [1]])).dataSync());
    expect(grad[0]).toBeCloseTo(0.5, 5);
    expect(grad[1]).toBeLessThan(0);
  });

  it('drocc: mean(d) plus perturbation_strength times a hinge against perturbed scores, between mean(d) and mean(d) (1 + s)', () => {
    const mean = d.reduce((a, b) => a + b) / d.length;
    const v = value(lossOf({ type: 'drocc', perturbation_strength: 0.2 }));
    expect(v).toBeGreaterThan(mean);
    // The hinge of a row is its |negative noise| (≤ a few s·std), weighted by s.
    expect(v).toBeLessThan(mean + 0.2 * 0.2 * 3.2 * 4);
    expect(value(lossOf({ type: 'drocc', perturbation_strength: 0 }))).toBeCloseTo(mean, 5);
  });
});
