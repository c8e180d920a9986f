import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { maxAbsDifference } from '../test-support/training-step.js';
import { createOptimizer } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const P0 = [1, -2];
const GRADS = [[0.5, -1], [0.2, 0.3]];
const LR = 0.1;

type Vec = number[];
const map2 = (a: Vec, b: Vec, f: (x: number, y: number) => number) => a.map((x, i) => f(x, b[i]));

/**
 * Reference updates written from the pseudo-code in PyTorch's torch.optim documentation
 * (double precision). Each returns the parameter after every step.
 */
function adamReference(o: { betas: [number, number]; eps: number; weight_decay: number; decoupled: boolean; amsgrad?: boolean }): Vec[] {
  let p = [...P0];
  let m = [0, 0];
  let v = [0, 0];
  let vMax = [0, 0];
  return GRADS.map((g0, i) => {
    const t = i + 1;
    let g = g0;
    if (o.decoupled) p = p.map((x) => x * (1 - LR * o.weight_decay));
    else g = map2(g, p, (gi, pi) => gi + o.weight_decay * pi);
    m = map2(m, g, (mi, gi) => o.betas[0] * mi + (1 - o.betas[0]) * gi);
    v = map2(v, g, (vi, gi) => o.betas[1] * vi + (1 - o.betas[1]) * gi * gi);
    vMax = map2(vMax, v, Math.max);
    const vUsed = o.amsgrad ? vMax : v;
    const bc1 = 1 - o.betas[0] ** t;
    const bc2 = 1 - o.betas[1] ** t;
    p = p.map((x, j) => x - (LR / bc1) * m[j] / (Math.sqrt(vUsed[j]) / Math.sqrt(bc2) + o.eps));
    return p;
  });
}

function sgdReference(o: { momentum: number; dampening: number; nesterov: boolean; weight_decay: number }): Vec[] {
  let p = [...P0];
  let buf: Vec | null = null;
  return GRADS.map((g0) => {
    let d = map2(g0, p, (g, x) => g + o.weight_decay * x);
    if (o.momentum > 0) {
      const prev: Vec | null = buf;
      buf = prev === null ? d : map2(prev, d, (b, di) => o.momentum * b + (1 - o.dampening) * di);
      const b: Vec = buf;
      d = o.nesterov ? map2(d, b, (di, bi) => di + o.momentum * bi) : b;
    }
    p = map2(p, d, (x, di) => x - LR * di);
    return p;
  });
}

function rmspropReference(o: { alpha: number; eps: number; centered: boolean; momentum: number; weight_decay: number }): Vec[] {
  let p = [...P0];
  let sq = [0, 0];
  let ga = [0, 0];
  let buf = [0, 0];
  return GRADS.map((g0) => {
    const g = map2(g0, p, (gi, x) => gi + o.weight_decay * x);
    sq = map2(sq, g, (s, gi) => o.alpha * s + (1 - o.alpha) * gi * gi);
    let avg: Vec;
    if (o.centered) {
      ga = map2(ga, g, (a, gi) => o.alpha * a + (1 - o.alpha) * gi);
      avg = sq.map((s, j) => Math.sqrt(s - ga[j] * ga[j]) + o.eps);
    } else {
      avg = sq.map((s) => Math.sqrt(s) + o.eps);
    }
    if (o.momentum > 0) {
      buf = buf.map((b, j) => o.momentum * b + g[j] / avg[j]);
      p = map2(p, buf, (x, b) => x - LR * b);
    } else {
      p = p.map((x, j) => x - (LR * g[j]) / avg[j]);
    }
    return p;
  });
}

function adagradReference(o: { initial_accumulator_value: number; lr_decay: number; eps: number; weight_decay: number }): Vec[] {
  let p = [...P0];
  let sum = [o.initial_accumulator_value, o.initial_accumulator_value];
  return GRADS.map((g0, i) => {
    const g = map2(g0, p, (gi, x) => gi + o.weight_decay * x);
    const clr = LR / (1 + i * o.lr_decay);
    sum = map2(sum, g, (s, gi) => s + gi * gi);
    p = p.map((x, j) => x - (clr * g[j]) / (Math.sqrt(sum[j]) + o.eps));
    return p;
  });
}

interface Case {
  name: string;
  config: { type: string } & Record<string, unknown>;
  expected: Vec[];
}

const adam = { betas: [0.9, 0.999] as [number, number], eps: 1e-8 };
const cases: Case[] = [
  { name: 'adam', config: { type: 'adam', ...adam, weight_decay: 0 }, expected: adamReference({ ...adam, weight_decay: 0, decoupled: false }) },
  { name: 'adam with L2 weight_decay', config: { type: 'adam', ...adam, weight_decay: 0.1 }, expected: adamReference({ ...adam, weight_decay: 0.1, decoupled: false }) },
  { name: 'adam with amsgrad', config: { type: 'adam', betas: [0.9, 0.5], eps: 1e-8, amsgrad: true }, expected: adamReference({ betas: [0.9, 0.5], eps: 1e-8, weight_decay: 0, decoupled: false, amsgrad: true }) },
  { name: 'adamw (decoupled weight decay)', config: { type: 'adamw', ...adam, weight_decay: 0.5 }, expected: adamReference({ ...adam, weight_decay: 0.5, decoupled: true }) },
  { name: 'sgd', config: { type: 'sgd' }, expected: sgdReference({ momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 }) },
  { name: 'sgd with momentum', config: { type: 'sgd', momentum: 0.9, weight_decay: 0.01 }, expected: sgdReference({ momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0.01 }) },
  { name: 'sgd with momentum and dampening', config: { type: 'sgd', momentum: 0.9, dampening: 0.3 }, expected: sgdReference({ momentum: 0.9, dampening: 0.3, nesterov: false, weight_decay: 0 }) },
  { name: 'sgd with nesterov momentum', config: { type: 'sgd', momentum: 0.9, nesterov: true }, expected: sgdReference({ momentum: 0.9, dampening: 0, nesterov: true, weight_decay: 0 }) },
  { name: 'rmsprop', config: { type: 'rmsprop', alpha: 0.9, eps: 1e-8 }, expected: rmspropReference({ alpha: 0.9, eps: 1e-8, centered: false, momentum: 0, weight_decay: 0 }) },
  { name: 'rmsprop centered', config: { type: 'rmsprop', alpha: 0.9, eps: 1e-8, centered: true }, expected: rmspropReference({ alpha: 0.9, eps: 1e-8, centered: true, momentum: 0, weight_decay: 0 }) },
  { name: 'rmsprop centered with momentum', config: { type: 'rmsprop', alpha: 0.9, eps: 1e-8, centered: true, momentum: 0.5, weight_decay: 0.1 }, expected: rmspropReference({ alpha: 0.9, eps: 1e-8, centered: true, momentum: 0.5, weight_decay: 0.1 }) },
  { name: 'adagrad', config: { type: 'adagrad', initial_accumulator_value: 0.1, lr_decay: 0.01, eps: 1e-10 }, expected: adagradReference({ initial_accumulator_value: 0.1, lr_decay: 0.01, eps: 1e-10, weight_decay: 0 }) },
];

function stepOnce(optimizer: ReturnType<typeof createOptimizer>, variable: tf.Variable, grad: number[]): number[] {
  const g = tf.tensor1d(grad);
  optimizer.apply([{ name: 'w', variable, grad: g }], LR);
  g.dispose();
  return Array.from(variable.dataSync());
}

describe('optimizers follow PyTorch', () => {
  it('adam\'s first step moves each parameter by the learning rate against the gradient sign', () => {
    const variable = tf.variable(tf.tensor1d(P0));
    const optimizer = createOptimizer({ type: 'adam' });
    expect(maxAbsDifference(stepOnce(optimizer, variable, GRADS[0]), [0.9, -1.9])).toBeLessThan(1e-6);
    optimizer.dispose();
    variable.dispose();
  });

  for (const c of cases) {
    it(`${c.name}: one and two steps equal the reference update`, () => {
      const variable = tf.variable(tf.tensor1d(P0));
      const optimizer = createOptimizer(c.config);
      try {
        expect(maxAbsDifference(stepOnce(optimizer, variable, GRADS[0]), c.expected[0])).toBeLessThan(1e-6);
        expect(maxAbsDifference(stepOnce(optimizer, variable, GRADS[1]), c.expected[1])).toBeLessThan(1e-6);
      } finally {
        optimizer.dispose();
        variable.dispose();
      }
    });

    it(`${c.name}: getState()/setState() lets a fresh optimizer continue identically`, () => {
      const original = tf.variable(tf.tensor1d(P0));
      const first = createOptimizer(c.config);
      const resumed = createOptimizer(c.config);
      const copy = tf.variable(tf.tensor1d(P0));
      try {
        copy.assign(tf.tensor1d(stepOnce(first, original, GRADS[0])));
        resumed.setState(first.getState());
        const continued = stepOnce(first, original, GRADS[1]);
        const fromState = stepOnce(resumed, copy, GRADS[1]);
        expect(fromState).toEqual(continued);
        expect(maxAbsDifference(fromState, c.expected[1])).toBeLessThan(1e-6);
        expect(resumed.getState()).toEqual(first.getState());
      } finally {
        first.dispose();
        resumed.dispose();
        original.dispose();
        copy.dispose();
      }
    });
  }

  it('gives the parameter new storage, so matrix products do not reuse the old weights', () => {
    // The wasm backend caches the packed right operand of a matMul by tensor id.
    const variable = tf.variable(tf.tensor2d([[1], [2]]));
    const x = tf.tensor2d([[1, 1]]);
    const optimizer = createOptimizer({ type: 'sgd' });
    try {
      expect(tf.tidy(() => tf.matMul(x, variable).dataSync()[0])).toBe(3);
      const g = tf.tensor2d([[10], [10]]);
      optimizer.apply([{ name: 'w', variable, grad: g }], 0.1);
      g.dispose();
      expect(tf.tidy(() => tf.matMul(x, variable).dataSync()[0])).toBeCloseTo(1, 5);
    } finally {
      optimizer.dispose();
      x.dispose();
      variable.dispose();
    }
  });

  it('updates a parameter whose storage another tensor shares without changing that tensor', () => {
    const variable = tf.variable(tf.tensor1d(P0));
    const alias = tf.reshape(variable, [2, 1]);
    const optimizer = createOptimizer({ type: 'sgd' });
    try {
      expect(maxAbsDifference(stepOnce(optimizer, variable, GRADS[0]), sgdReference({ momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 })[0])).toBeLessThan(1e-6);
      expect(Array.from(alias.dataSync())).toEqual(P0);
    } finally {
      optimizer.dispose();
      alias.dispose();
      variable.dispose();
    }
  });

  it('adam clips by value, then by global norm, before its update (the wasm SIMD path)', () => {
    const variable = tf.variable(tf.tensor1d(P0));
    const optimizer = createOptimizer({ type: 'adam' });
    const g = tf.tensor1d([3, -0.5]);
    try {
      optimizer.apply([{ name: 'w', variable, grad: g }], LR, { clipvalue: 1, clipnorm: null, clipglobalnorm: 0.5 });
      // clamped to [1, −0.5] (norm √1.25), scaled to norm 0.5: Adam's first step moves each parameter by LR against its sign.
      expect(maxAbsDifference(Array.from(variable.dataSync()), [P0[0] - LR, P0[1] + LR])).toBeLessThan(1e-5);
      expect(Array.from(g.dataSync())).toEqual([3, -0.5]);
    } finally {
      tf.dispose([g, variable]);
      optimizer.dispose();
    }
  });

  it('keeps no tensors across steps', () => {
    const variable = tf.variable(tf.tensor1d(P0));
    const optimizer = createOptimizer({ type: 'adam', amsgrad: true });
    stepOnce(optimizer, variable, GRADS[0]);
    const after = tf.memory().numTensors;
    stepOnce(optimizer, variable, GRADS[1]);
    stepOnce(optimizer, variable, GRADS[0]);
    expect(tf.memory().numTensors).toBe(after);
    optimizer.dispose();
    variable.dispose();
  });

  it('rejects an unknown optimizer type', () => {
    expect(() => createOptimizer({ type: 'lamb' })).toThrow(/unknown optimizer 'lamb'/);
  });
});
