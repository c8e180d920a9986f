import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { maxAbsDifference } from '../test-support/training-step.js';
import { createOptimizer } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * The optimizers beyond Adam/SGD/RMSprop/Adagrad against references written from the papers' and
 * torch's / transformers' / schedulefree's pseudo-code in double precision: each reference
 * returns the parameters after every step, for gradients given in advance.
 */
type Vec = number[];
const LR = 0.1;
const P0 = [1, -2];
const GRADS = [[0.5, -1], [0.2, 0.3]];

function nadamReference(grads: Vec[], o = { b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, psi: 4e-3 }): Vec[] {
  let p = [...P0];
  let m = [0, 0];
  let v = [0, 0];
  let muProduct = 1;
  return grads.map((g0, k) => {
    const t = k + 1;
    const g = g0.map((gi, j) => gi + o.wd * p[j]);
    const mu = o.b1 * (1 - 0.5 * 0.96 ** (t * o.psi));
    const muNext = o.b1 * (1 - 0.5 * 0.96 ** ((t + 1) * o.psi));
    muProduct *= mu;
    m = m.map((mi, j) => o.b1 * mi + (1 - o.b1) * g[j]);
    v = v.map((vi, j) => o.b2 * vi + (1 - o.b2) * g[j] ** 2);
    const denom = v.map((vi) => Math.sqrt(vi / (1 - o.b2 ** t)) + o.eps);
    p = p.map((x, j) => x - (LR * (1 - mu) / (1 - muProduct)) * g[j] / denom[j] - (LR * muNext / (1 - muProduct * muNext)) * m[j] / denom[j]);
    return p;
  });
}

function adamaxReference(grads: Vec[], o = { b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0 }): Vec[] {
  let p = [...P0];
  let m = [0, 0];
  let u = [0, 0];
  return grads.map((g0, k) => {
    const g = g0.map((gi, j) => gi + o.wd * p[j]);
    m = m.map((mi, j) => o.b1 * mi + (1 - o.b1) * g[j]);
    u = u.map((ui, j) => Math.max(o.b2 * ui, Math.abs(g[j]) + o.eps));
    p = p.map((x, j) => x - (LR / (1 - o.b1 ** (k + 1))) * m[j] / u[j]);
    return p;
  });
}

function radamReference(grads: Vec[], o = { b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0 }): Vec[] {
  let p = [...P0];
  let m = [0, 0];
  let v = [0, 0];
  const rhoInf = 2 / (1 - o.b2) - 1;
  return grads.map((g0, k) => {
    const t = k + 1;
    const g = g0.map((gi, j) => gi + o.wd * p[j]);
    m = m.map((mi, j) => o.b1 * mi + (1 - o.b1) * g[j]);
    v = v.map((vi, j) => o.b2 * vi + (1 - o.b2) * g[j] ** 2);
    const mHat = m.map((mi) => mi / (1 - o.b1 ** t));
    const rho = rhoInf - (2 * t * o.b2 ** t) / (1 - o.b2 ** t);
    if (rho > 5) {
      const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
      p = p.map((x, j) => x - LR * mHat[j] * r * Math.sqrt(1 - o.b2 ** t) / (Math.sqrt(v[j]) + o.eps));
    } else {
      p = p.map((x, j) => x - LR * mHat[j]);
    }
    return p;
  });
}

function adadeltaReference(grads: Vec[], o = { rho: 0.9, eps: 1e-6 }): Vec[] {
  let p = [...P0];
  let sq = [0, 0];
  let acc = [0, 0];
  return grads.map((g) => {
    sq = sq.map((s, j) => o.rho * s + (1 - o.rho) * g[j] ** 2);
    const delta = g.map((gj, j) => (Math.sqrt(acc[j] + o.eps) / Math.sqrt(sq[j] + o.eps)) * gj);
    acc = acc.map((a, j) => o.rho * a + (1 - o.rho) * delta[j] ** 2);
    p = p.map((x, j) => x - LR * delta[j]);
    return p;
  });
}

const rmsOf = (x: Vec) => Math.sqrt(x.reduce((s, xi) => s + xi * xi, 0) / x.length);

/** transformers' Adafactor (beta1 None, weight decay 0) on a rows × cols matrix, or a vector when rows is 0. */
function adafactorReference(p0: Vec, grads: Vec[], rows: number, o: { relative: boolean; scale: boolean }): Vec[] {
  let p = [...p0];
  const cols = rows ? p0.length / rows : 0;
  let row = new Array(rows).fill(0);
  let col = new Array(cols).fill(0);
  let full = new Array(p0.length).fill(0);
  return grads.map((g, k) => {
    const t = k + 1;
    const stepSize = o.relative ? Math.min(1e-2, 1 / Math.sqrt(t)) : LR;
    const lr = (o.scale ? Math.max(1e-3, rmsOf(p)) : 1) * stepSize;
    const beta2 = 1 - t ** -0.8;
    const sq = g.map((gi) => gi * gi + 1e-30);
    let update: Vec;
    if (rows) {
      row = row.map((r, i) => beta2 * r + (1 - beta2) * sq.slice(i * cols, (i + 1) * cols).reduce((a, b) => a + b) / cols);
      col = col.map((c, j) => beta2 * c + (1 - beta2) * Array.from({ length: rows }, (_, i) => sq[i * cols + j]).reduce((a, b) => a + b) / rows);
      const rowMean = row.reduce((a, b) => a + b) / rows;
      update = g.map((gi, idx) => gi / Math.sqrt(row[Math.floor(idx / cols)] / rowMean) / Math.sqrt(col[idx % cols]));
    } else {
      full = full.map((f, i) => beta2 * f + (1 - beta2) * sq[i]);
      update = g.map((gi, i) => gi / Math.sqrt(full[i]));
    }
    const clip = Math.max(1, rmsOf(update));
    p = p.map((x, i) => x - (lr * update[i]) / clip);
    return p;
  });
}

/** schedulefree's AdamWScheduleFree (r = 0, weight_lr_power = 2): returns [y, x] after each step. */
function scheduleFreeReference(grads: Vec[], o = { b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, warmup: 0 }): { y: Vec; x: Vec }[] {
  let y = [...P0];
  let z = [...P0];
  let v = [0, 0];
  let lrMax = 0;
  let weightSum = 0;
  return grads.map((g, k) => {
    const sched = k < o.warmup ? (k + 1) / o.warmup : 1;
    const lr = LR * sched;
    lrMax = Math.max(lrMax, lr);
    const weight = lrMax ** 2;
    weightSum += weight;
    const c = weight / weightSum;
    v = v.map((vi, j) => o.b2 * vi + (1 - o.b2) * g[j] ** 2);
    const gn = g.map((gj, j) => gj / (Math.sqrt(v[j] / (1 - o.b2 ** (k + 1))) + o.eps) + o.wd * y[j]);
    y = y.map((yj, j) => yj + c * (z[j] - yj) + lr * (o.b1 * (1 - c) - 1) * gn[j]);
    z = z.map((zj, j) => zj - lr * gn[j]);
    return { y, x: y.map((yj, j) => (yj - (1 - o.b1) * z[j]) / o.b1) };
  });
}

/** Dense rows × cols products in double precision, for the Muon reference. */
const matmul = (a: Vec, b: Vec, n: number, k: number, m: number) =>
  Array.from({ length: n * m }, (_, idx) => {
    const i = Math.floor(idx / m);
    const j = idx % m;
    let s = 0;
    for (let l = 0; l < k; l++) s += a[i * k + l] * b[l * m + j];
    return s;
  });
const transpose = (a: Vec, n: number, m: number) => Array.from({ length: n * m }, (_, idx) => a[(idx % n) * m + Math.floor(idx / n)]);

function newtonSchulzReference(g: Vec, rows: number, cols: number): Vec {
  const norm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
  let x = g.map((gi) => gi / (norm + 1e-7));
  for (let k = 0; k < 5; k++) {
    const gram = matmul(x, transpose(x, rows, cols), rows, cols, rows);
    const gram2 = matmul(gram, gram, rows, rows, rows);
    const ax = matmul(gram, x, rows, rows, cols);
    const a2x = matmul(gram2, x, rows, rows, cols);
    x = x.map((xi, i) => 3.4445 * xi - 4.775 * ax[i] + 2.0315 * a2x[i]);
  }
  return x.map((xi) => xi * Math.sqrt(Math.max(rows, cols)));
}

function muonReference(p0: Vec, grads: Vec[], rows: number, o = { momentum: 0.95, nesterov: true }): Vec[] {
  let p = [...p0];
  let buf = p0.map(() => 0);
  return grads.map((g) => {
    buf = buf.map((b, i) => o.momentum * b + g[i]);
    let u = o.nesterov ? g.map((gi, i) => gi + o.momentum * buf[i]) : buf;
    if (rows) u = newtonSchulzReference(u, rows, p0.length / rows);
    p = p.map((x, i) => x - LR * u[i]);
    return p;
  });
}

function run(config: { type: string } & Record<string, unknown>, p0: Vec, shape: number[], grads: Vec[]): Vec[] {
  const variable = tf.variable(tf.tensor(p0, shape));
  const optimizer = createOptimizer(config);
  try {
    return grads.map((g) => {
      const grad = tf.tensor(g, shape);
      optimizer.apply([{ name: 'w', variable, grad }], LR);
      grad.dispose();
      return Array.from(variable.dataSync());
    });
  } finally {
    optimizer.dispose();
    variable.dispose();
  }
}

const M0 = [0.5, -1, 2, 0.25, 1.5, -0.75];
const MGRADS = [[0.3, -0.2, 0.5, 1, -0.4, 0.1], [-0.1, 0.6, 0.2, -0.3, 0.8, 0.05]];
/** Twelve steps of gradients, for the optimizers whose behaviour changes after a few steps (RAdam's rectification). */
const LONG = Array.from({ length: 12 }, (_, k) => [Math.sin(k + 1), Math.cos(2 * k + 0.5)]);

const cases: { name: string; config: { type: string } & Record<string, unknown>; p0: Vec; shape: number[]; grads: Vec[]; expected: Vec[] }[] = [
  { name: 'nadam', config: { type: 'nadam' }, p0: P0, shape: [2], grads: GRADS, expected: nadamReference(GRADS) },
  { name: 'nadam with weight_decay and a faster momentum schedule', config: { type: 'nadam', weight_decay: 0.1, momentum_decay: 0.5 }, p0: P0, shape: [2], grads: GRADS, expected: nadamReference(GRADS, { b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.1, psi: 0.5 }) },
  { name: 'adamax', config: { type: 'adamax' }, p0: P0, shape: [2], grads: GRADS, expected: adamaxReference(GRADS) },
  { name: 'adamax with weight_decay', config: { type: 'adamax', weight_decay: 0.2, betas: [0.8, 0.5] }, p0: P0, shape: [2], grads: GRADS, expected: adamaxReference(GRADS, { b1: 0.8, b2: 0.5, eps: 1e-8, wd: 0.2 }) },
  { name: 'radam (momentum steps while ρ ≤ 5)', config: { type: 'radam' }, p0: P0, shape: [2], grads: GRADS, expected: radamReference(GRADS) },
  { name: 'radam rectified after step 5 (β2 0.9)', config: { type: 'radam', betas: [0.9, 0.9], weight_decay: 0.01 }, p0: P0, shape: [2], grads: LONG, expected: radamReference(LONG, { b1: 0.9, b2: 0.9, eps: 1e-8, wd: 0.01 }) },
  { name: 'adadelta', config: { type: 'adadelta' }, p0: P0, shape: [2], grads: GRADS, expected: adadeltaReference(GRADS) },
  { name: 'adafactor on a vector (relative step)', config: { type: 'adafactor', lr: null, relative_step: true, scale_parameter: true }, p0: P0, shape: [2], grads: GRADS, expected: adafactorReference(P0, GRADS, 0, { relative: true, scale: true }) },
  { name: 'adafactor on a 2×3 matrix (factored, relative step)', config: { type: 'adafactor', lr: null }, p0: M0, shape: [2, 3], grads: MGRADS, expected: adafactorReference(M0, MGRADS, 2, { relative: true, scale: true }) },
  { name: 'adafactor with the trainer\'s learning rate', config: { type: 'adafactor', lr: 0.1, relative_step: false, scale_parameter: false }, p0: M0, shape: [3, 2], grads: MGRADS, expected: adafactorReference(M0, MGRADS, 3, { relative: false, scale: false }) },
  { name: 'schedule_free_adamw (the training iterate y)', config: { type: 'schedule_free_adamw' }, p0: P0, shape: [2], grads: GRADS, expected: scheduleFreeReference(GRADS).map((s) => s.y) },
  { name: 'schedule_free_adamw with warmup and weight decay', config: { type: 'schedule_free_adamw', warmup_steps: 3, weight_decay: 0.1 }, p0: P0, shape: [2], grads: LONG, expected: scheduleFreeReference(LONG, { b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.1, warmup: 3 }).map((s) => s.y) },
  { name: 'muon on a vector (Nesterov momentum only)', config: { type: 'muon' }, p0: P0, shape: [2], grads: GRADS, expected: muonReference(P0, GRADS, 0) },
  { name: 'muon on a 2×3 matrix (Newton–Schulz)', config: { type: 'muon' }, p0: M0, shape: [2, 3], grads: MGRADS, expected: muonReference(M0, MGRADS, 2) },
  { name: 'muon on a 3×2 matrix without Nesterov', config: { type: 'muon', nesterov: false, momentum: 0.5 }, p0: M0, shape: [3, 2], grads: MGRADS, expected: muonReference(M0, MGRADS, 3, { momentum: 0.5, nesterov: false }) },
];

describe('Ludwig\'s other optimizers equal their reference updates', () => {
  for (const c of cases) {
    it(`${c.name}: every step equals the reference`, () => {
      const got = run(c.config, c.p0, c.shape, c.grads);
      got.forEach((values, k) => expect(maxAbsDifference(values, c.expected[k]), `step ${k + 1}`).toBeLessThan(2e-5));
    });

    it(`${c.name}: a fresh optimizer given getState() continues identically`, () => {
      const variable = tf.variable(tf.tensor(c.p0, c.shape));
      const first = createOptimizer(c.config);
      const resumed = createOptimizer(c.config);
      try {
        const step = (o: typeof first, g: Vec) => {
          const grad = tf.tensor(g, c.shape);
          o.apply([{ name: 'w', variable, grad }], LR);
          grad.dispose();
        };
        step(first, c.grads[0]);
        resumed.setState(first.getState());
        step(resumed, c.grads[1]);
        expect(maxAbsDifference(Array.from(variable.dataSync()), c.expected[1])).toBeLessThan(2e-5);
      } finally {
        first.dispose();
        resumed.dispose();
        variable.dispose();
      }
    });
  }

  it('the Newton–Schulz update of muon is nearly orthogonal (singular values near 1 before scaling)', () => {
    const variable = tf.variable(tf.tensor(M0, [2, 3]));
    const optimizer = createOptimizer({ type: 'muon', momentum: 0, nesterov: false });
    try {
      const grad = tf.tensor(MGRADS[0], [2, 3]);
      optimizer.apply([{ name: 'w', variable, grad }], 1);
      grad.dispose();
      const u = Array.from(variable.dataSync()).map((x, i) => (M0[i] - x) / Math.sqrt(3));
      const gram = matmul(u, transpose(u, 2, 3), 2, 3, 2);
      // Jordan's coefficients trade exactness for speed: singular values land in about [0.7, 1.2].
      expect(gram[0]).toBeGreaterThan(0.5);
      expect(gram[0]).toBeLessThan(1.5);
      expect(gram[3]).toBeGreaterThan(0.5);
      expect(gram[3]).toBeLessThan(1.5);
      expect(Math.abs(gram[1])).toBeLessThan(0.3);
    } finally {
      optimizer.dispose();
      variable.dispose();
    }
  });

  it('schedule_free_adamw evaluates the average x and resumes training from y', () => {
    const variable = tf.variable(tf.tensor1d(P0));
    const optimizer = createOptimizer({ type: 'schedule_free_adamw' });
    const expected = scheduleFreeReference(GRADS);
    try {
      // After one step x = y = z; they part from the second on.
      for (const g of GRADS) {
        const grad = tf.tensor1d(g);
        optimizer.apply([{ name: 'w', variable, grad }], LR);
        grad.dispose();
      }
      const y = Array.from(variable.dataSync());
      optimizer.useEvaluationWeights([{ name: 'w', variable }]);
      expect(maxAbsDifference(Array.from(variable.dataSync()), expected[1].x)).toBeLessThan(1e-6);
      expect(maxAbsDifference(expected[1].x, expected[1].y)).toBeGreaterThan(1e-3);
      optimizer.useTrainingWeights([{ name: 'w', variable }]);
      expect(Array.from(variable.dataSync())).toEqual(y);
    } finally {
      optimizer.dispose();
      variable.dispose();
    }
  });
});
