import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type LossConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import type { RawTable } from '../data/index.js';
import { numericalGradient } from '../test-support/gradient-check.js';
import { resolved, seededValues } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { createLoss } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const labels = ['<UNK>', 'a', 'b', 'c'];
const lossOf = (loss: Record<string, unknown>) =>
  resolveConfig({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'category', loss }] }).config.output_features[0].loss as LossConfig;

const logits = [[2, -1, 0.5, 0.3], [0.1, 0.2, 3, -2], [-1, 1, 1, 0.4], [0.7, -0.3, 0.2, 2.5]];
const targets = [[1], [3], [3], [2]];

function value(loss: LossConfig, z: number[][]): number {
  const f = createLoss(loss, { labels });
  return tf.tidy(() => f(tf.tensor2d(z), tf.tensor2d(targets, [4, 1], 'int32')).dataSync()[0]);
}

/** Ludwig's formulas written out per row (background class 3: rows 1 and 2). */
function expected(xi: number | null, zeta: number): number {
  const softmax = (row: number[]) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const norm = (row: number[]) => Math.hypot(...row);
  const known = [0, 3].map((r) => -Math.log(softmax(logits[r])[targets[r][0]]) + (xi === null ? 0 : Math.max(0, xi - norm(logits[r])) ** 2));
  const unknown = [1, 2].map((r) => softmax(logits[r]).reduce((s, p) => s + p * Math.log(p + 1e-10), 0) + (xi === null ? 0 : zeta * norm(logits[r]) ** 2));
  return (known[0] + known[1]) / 2 + (unknown[0] + unknown[1]) / 2;
}

describe("Ludwig 0.17's open-set losses entropic_open_set and objectosphere", () => {
  it("fill in Ludwig's defaults", () => {
    expect(lossOf({ type: 'entropic_open_set' })).toEqual({ type: 'entropic_open_set', background_class: null, weight: 1 });
    expect(lossOf({ type: 'objectosphere' })).toEqual({ type: 'objectosphere', background_class: null, xi: 10, zeta: 0.1, weight: 1 });
  });

  it('compute cross entropy (and the norm margin) on known rows, negative entropy (and ζ‖z‖²) on background rows, each a mean over its own rows', () => {
    expect(value(lossOf({ type: 'entropic_open_set', background_class: 3 }), logits)).toBeCloseTo(expected(null, 0), 5);
    expect(value(lossOf({ type: 'objectosphere', background_class: 3, xi: 4, zeta: 0.2 }), logits)).toBeCloseTo(expected(4, 0.2), 4);
  });

  it('without a background class: entropic_open_set is the cross entropy, objectosphere adds the margin on every row', () => {
    const ce = value(lossOf({ type: 'softmax_cross_entropy' }), logits);
    expect(value(lossOf({ type: 'entropic_open_set' }), logits)).toBeCloseTo(ce, 5);
    const margin = logits.reduce((s, row) => s + Math.max(0, 4 - Math.hypot(...row)) ** 2, 0) / 4;
    expect(value(lossOf({ type: 'objectosphere', xi: 4 }), logits)).toBeCloseTo(ce + margin, 4);
  });

  it.each([
    ['entropic_open_set', { type: 'entropic_open_set', background_class: 3 }],
    ['objectosphere', { type: 'objectosphere', background_class: 3, xi: 6, zeta: 0.3 }],
  ])('%s: the gradient matches central differences', (_, config) => {
    const loss = lossOf(config);
    const z = seededValues(4, 16, 1.5);
    const f = createLoss(loss, { labels });
    const y = tf.tensor2d(targets, [4, 1], 'int32');
    const at = (values: Float32Array) => tf.tidy(() => f(tf.tensor2d(values, [4, 4]), y).dataSync()[0]);
    const x = tf.variable(tf.tensor2d(z, [4, 4]));
    const { grads } = tf.variableGrads(() => f(x as unknown as tf.Tensor2D, y));
    const analytic = Array.from(grads[x.name].dataSync());
    const numeric = numericalGradient(at, z, Array.from({ length: 16 }, (_, i) => i), 1e-2);
    for (let i = 0; i < 16; i++) expect(analytic[i]).toBeCloseTo(numeric[i], 2);
    tf.dispose([x, y, ...Object.values(grads)]);
  });

  it('refuse a background class outside the vocabulary, and a negative one', () => {
    expect(() => createLoss(lossOf({ type: 'objectosphere', background_class: 4 }), { labels })).toThrow(/background_class 4 is not a class index: the output has 4 classes/);
    expect(() => lossOf({ type: 'entropic_open_set', background_class: -1 })).toThrow(/background_class/);
  });
});

/** Three classes by the sign pattern of (x1, x2), plus a background class 'noise' for rows near the origin. */
function openSetTable(rows: number, seed: number): RawTable {
  const rng = new SeededRandom(seed);
  const x1: string[] = [];
  const x2: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    const a = rng.nextGaussian() * 2;
    const b = rng.nextGaussian() * 2;
    x1.push(a.toFixed(4));
    x2.push(b.toFixed(4));
    label.push(Math.hypot(a, b) < 0.8 ? 'noise' : a > 0 && b > 0 ? 'up' : a > 0 ? 'right' : 'left');
  }
  return { columns: ['x1', 'x2', 'label'], rowCount: rows, data: { x1, x2, label } };
}

describe('the open-set losses train on wasm', () => {
  it.each(['entropic_open_set', 'objectosphere'])('%s reaches 0.75 test accuracy (background rows included; the majority class is about 0.46)', async (type) => {
    // The output vocabulary is by frequency: left, right, up, and noise (about 8% of the rows) last.
    const config = resolved({
      input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }],
      output_features: [{ name: 'label', type: 'category', loss: { type, background_class: 3, ...(type === 'objectosphere' ? { xi: 3 } : {}) } }],
      combiner: { type: 'concat', num_fc_layers: 2, output_size: 16 },
      trainer: { epochs: 20, batch_size: 32, learning_rate: 0.01, early_stop: -1 },
    });
    const { testStatistics, metadata } = await trainOnTable({ table: openSetTable(800, 3), config, seed: 2, featureImportance: false });
    expect((metadata.label as { idx2str: string[] }).idx2str[3]).toBe('noise');
    expect(tf.getBackend()).toBe('wasm');
    expect((testStatistics as { label: { accuracy: number } }).label.accuracy).toBeGreaterThanOrEqual(0.75);
  }, 40_000);
});
