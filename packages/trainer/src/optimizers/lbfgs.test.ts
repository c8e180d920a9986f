import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { resolveConfig } from '@overture/config';
import { Lbfgs } from './lbfgs.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { toyTable } from '../test-support/toy-table.js';
import { splitRows } from '../training/batches.js';
import { evaluateSplit } from '../training/evaluate-split.js';
import { trainModel } from '../training/train.js';

beforeAll(async () => {
  await initBackend('wasm');
});

// f(x) = ½ xᵀAx − bᵀx, minimum at A⁻¹b = [1, -2, 0.5] for this A (symmetric positive definite).
const A = [[4, 1, 0], [1, 3, 0.5], [0, 0.5, 2]];
const solution = [1, -2, 0.5];
const b = A.map((row) => row.reduce((s, a, j) => s + a * solution[j], 0));

function quadratic(x: tf.Variable, evaluations: { count: number }) {
  return () => {
    evaluations.count++;
    const v = Array.from(x.dataSync());
    const Ax = A.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
    const loss = 0.5 * v.reduce((s, xi, i) => s + xi * Ax[i], 0) - v.reduce((s, xi, i) => s + xi * b[i], 0);
    return { loss, grads: [Float32Array.from(Ax.map((a, i) => a - b[i]))] };
  };
}

describe('lbfgs (torch.optim.LBFGS without a line search)', () => {
  it('reaches the minimum of a quadratic in one step of max_iter iterations at lr 1, re-evaluating the loss after each move', () => {
    const x = tf.variable(tf.zeros([3]));
    try {
      const evaluations = { count: 0 };
      const optimizer = new Lbfgs({ max_iter: 20, tolerance_grad: 1e-6 });
      const first = optimizer.minimize([{ name: 'x', variable: x }], quadratic(x, evaluations), 1);
      expect(first).toBe(0); // the loss at the starting weights, as torch's step returns
      Array.from(x.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(solution[i], 4));
      expect(evaluations.count).toBeGreaterThan(2);
      expect(evaluations.count).toBeLessThanOrEqual(Math.floor((20 * 5) / 4));
    } finally {
      x.dispose();
    }
  });

  it("its first move is torch's: −g · min(1, 1/|g|₁) · lr", () => {
    const x = tf.variable(tf.zeros([3]));
    try {
      const g = b.map((v) => -v);
      const l1 = g.reduce((s, v) => s + Math.abs(v), 0);
      new Lbfgs({ max_iter: 1 }).minimize([{ name: 'x', variable: x }], quadratic(x, { count: 0 }), 0.5);
      Array.from(x.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(-g[i] * Math.min(1, 1 / l1) * 0.5, 6));
    } finally {
      x.dispose();
    }
  });

  it('a fresh optimizer given getState() continues identically (history, direction and step length)', () => {
    const run = (split: boolean) => {
      const x = tf.variable(tf.zeros([3]));
      try {
        let optimizer = new Lbfgs({ max_iter: 2, history_size: 3 });
        const refs = [{ name: 'x', variable: x }];
        for (let step = 0; step < 4; step++) {
          if (split && step === 2) {
            const state = optimizer.getState();
            optimizer = new Lbfgs({ max_iter: 2, history_size: 3 });
            optimizer.setState(JSON.parse(JSON.stringify({ step: state.step, slots: Object.fromEntries(Object.entries(state.slots).map(([k, v]) => [k, { shape: v.shape, values: Array.from(v.values) }])) })));
            for (const slot of Object.values((optimizer as unknown as { getState(): { slots: Record<string, unknown> } }).getState().slots)) expect(slot).toBeDefined();
          }
          optimizer.minimize(refs, quadratic(x, { count: 0 }), 1);
        }
        return Array.from(x.dataSync());
      } finally {
        x.dispose();
      }
    };
    const straight = run(false);
    run(true).forEach((v, i) => expect(v).toBeCloseTo(straight[i], 5));
  });

  const exampleConfig = (trainer: object) => resolveConfig({
    input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category', encoder: { type: 'sparse' } }],
    output_features: [{ name: 'label', type: 'binary' }],
    trainer: { learning_rate: 1, optimizer: { type: 'lbfgs', max_iter: 100, tolerance_grad: 0.0001, history_size: 10 }, ...trainer },
  }).config;

  it("trains Ludwig's examples/lbfgs setup (the whole training set as one batch, train_steps 1, max_iter 100) to a fitted model in one step", async () => {
    const config = exampleConfig({ batch_size: 400, train_steps: 1, steps_per_checkpoint: 1 });
    const { dataset, metadata } = preprocessForTraining(toyTable(400), config, { seed: 5 });
    const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      expect(outcome.progress.steps).toBe(1);
      const metrics = evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 0), 512).label;
      expect(metrics.loss).toBeLessThan(0.4);
      expect(metrics.accuracy).toBeGreaterThan(0.85);
    } finally {
      outcome.model.dispose();
    }
  });

  it('refuses gradient accumulation, as Ludwig runs L-BFGS without it', async () => {
    const config = exampleConfig({ batch_size: 32, gradient_accumulation_steps: 2, train_steps: 2 });
    const { dataset, metadata } = preprocessForTraining(toyTable(100), config, { seed: 5 });
    await expect(trainModel({ config, dataset, metadata, seed: 9 })).rejects.toThrow(/lbfgs with gradient_accumulation_steps above 1 is not supported/);
  });
});
