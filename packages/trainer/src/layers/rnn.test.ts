import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { numericalGradient, onBackend, sampledCoordinates, tensorCountChange } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { gateCount, recurrentDirection, recurrentReference, type RnnCellAttrs, type RnnWeights } from './rnn.js';

beforeAll(async () => {
  await initBackend('wasm');
});

interface Case extends RnnCellAttrs {
  batch: number;
  seq: number;
  inSize: number;
  hidden: number;
  masked: boolean;
}

function inputs(c: Case) {
  const width = gateCount[c.cell] * c.hidden;
  const x = tf.tensor3d(seededValues(1, c.batch * c.seq * c.inSize), [c.batch, c.seq, c.inSize]);
  const weights = [
    tf.tensor2d(seededValues(2, c.inSize * width, 0.5), [c.inSize, width]),
    tf.tensor2d(seededValues(3, c.hidden * width, 0.5), [c.hidden, width]),
    tf.tensor1d(seededValues(4, width, 0.2)),
    tf.tensor1d(seededValues(5, width, 0.2)),
  ] as const;
  // Row b keeps its first seq − 1 − b steps (at least one): right padding of different lengths,
  // and a last step no row reaches (which the kernels skip).
  const mask = c.masked
    ? tf.tensor2d(Array.from({ length: c.batch * c.seq }, (_, k) => (k % c.seq < Math.max(1, c.seq - 1 - Math.floor(k / c.seq)) ? 1 : 0)), [c.batch, c.seq], 'int32')
    : null;
  return { x, weights, mask };
}

const asWeights = (w: readonly tf.Tensor[]): RnnWeights => ({
  kernel: w[0] as tf.Tensor2D, recurrent: w[1] as tf.Tensor2D, bias: w[2] as tf.Tensor1D, recurrentBias: w[3] as tf.Tensor1D,
});

/** Output and the gradients [dx, dW, dU, db, dbh] of Σ up·y. */
function forwardAndGradients(c: Case, ours: boolean): number[][] {
  const { x, weights, mask } = inputs(c);
  const f = (xx: tf.Tensor, ...w: tf.Tensor[]) => (ours ? recurrentDirection : recurrentReference)(xx as tf.Tensor3D, asWeights(w), mask, c);
  const y = f(x, ...weights);
  const up = tf.tensor(seededValues(6, y.size), y.shape);
  const grads = tf.grads((xx: tf.Tensor, ...w: tf.Tensor[]) => tf.sum(tf.mul(f(xx, ...w), up)))([x, ...weights]);
  return [y, ...grads].map((t) => Array.from(t.dataSync()));
}

const base = { activation: 'tanh', recurrentActivation: 'sigmoid', reverse: false, masked: false } as const;
const cases: Case[] = [
  { ...base, cell: 'lstm', batch: 3, seq: 5, inSize: 4, hidden: 6 },
  { ...base, cell: 'lstm', batch: 4, seq: 6, inSize: 3, hidden: 5, masked: true, reverse: true },
  { ...base, cell: 'gru', batch: 3, seq: 5, inSize: 4, hidden: 7, masked: true },
  { ...base, cell: 'gru', batch: 2, seq: 4, inSize: 2, hidden: 16, reverse: true },
  { ...base, cell: 'rnn', batch: 3, seq: 6, inSize: 5, hidden: 4, masked: true },
  { ...base, cell: 'rnn', batch: 2, seq: 5, inSize: 3, hidden: 6, activation: 'relu', reverse: true, masked: true },
  { ...base, cell: 'lstm', batch: 2, seq: 4, inSize: 3, hidden: 4, activation: 'relu', recurrentActivation: 'tanh', masked: true },
];

describe('recurrentDirection', () => {
  it.each(cases)('agrees with the tensor-op cells, forward and every gradient, on wasm and cpu (%o)', async (c) => {
    const reference = await onBackend('cpu', () => forwardAndGradients(c, false));
    for (const backend of ['wasm', 'cpu'] as const) {
      const ours = await onBackend(backend, () => forwardAndGradients(c, true));
      ours.forEach((values, k) => expect(maxAbsDifference(values, reference[k]), `${backend} output ${k}`).toBeLessThan(2e-5));
    }
  });

  it.each(['lstm', 'gru', 'rnn'] as const)('%s has the gradients of central differences', (cell) => {
    const c: Case = { ...base, cell, batch: 2, seq: 4, inSize: 3, hidden: 4, masked: true };
    const { x, weights, mask } = inputs(c);
    const up = tf.tensor3d(seededValues(7, 2 * 4 * 4), [2, 4, 4]);
    const all = [x, ...weights];
    for (let k = 0; k < all.length; k++) {
      const loss = (v: tf.Tensor) => {
        const args = all.map((t, j) => (j === k ? v : t));
        return tf.sum(tf.mul(recurrentDirection(args[0] as tf.Tensor3D, asWeights(args.slice(1)), mask, c), up));
      };
      const analytic = tf.tidy(() => Array.from(tf.grad(loss)(all[k]).dataSync()));
      const values = all[k].dataSync() as Float32Array;
      const coordinates = sampledCoordinates(values.length, 16);
      const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor(v, all[k].shape)).dataSync()[0]), values, coordinates);
      expect(maxAbsDifference(coordinates.map((i) => analytic[i]), numeric), `input ${k}`).toBeLessThan(1e-2);
    }
    tf.dispose([...all, up, ...(mask ? [mask] : [])]);
  });

  it.each(cases.filter((c) => c.masked))('computes the same outputs at inference, keeping nothing for a backward pass, on wasm and cpu (%o)', async (c) => {
    for (const backend of ['wasm', 'cpu'] as const) {
      const [training, inference, kept] = await onBackend(backend, () => {
        const { x, weights, mask } = inputs(c);
        const before = tf.memory().numTensors;
        const y = recurrentDirection(x, asWeights(weights), mask, c, { inference: true });
        const added = tf.memory().numTensors - before;
        return [Array.from(recurrentDirection(x, asWeights(weights), mask, c).dataSync()), Array.from(y.dataSync()), added];
      });
      expect(maxAbsDifference(inference, training), backend).toBe(0);
      // x as rows, the projection, its reshape and y: no saved gates, cell states or previous states.
      expect(kept, backend).toBe(4);
    }
  });

  it('leaves the state unchanged and outputs zeros at a masked step', () => {
    tf.tidy(() => {
      const c: Case = { ...base, cell: 'lstm', batch: 1, seq: 4, inSize: 2, hidden: 3, masked: false };
      const { x, weights } = inputs(c);
      const w = asWeights(weights);
      const holes = tf.tensor2d([[1, 0, 0, 1]], [1, 4], 'int32');
      const y = recurrentDirection(x, w, holes, c).arraySync()[0];
      const skipped = tf.concat([tf.slice(x, [0, 0, 0], [1, 1, 2]), tf.slice(x, [0, 3, 0], [1, 1, 2])], 1) as tf.Tensor3D;
      const compact = recurrentDirection(skipped, w, null, c).arraySync()[0];
      expect(y[1]).toEqual([0, 0, 0]);
      expect(y[2]).toEqual([0, 0, 0]);
      expect(maxAbsDifference(y[3], compact[1])).toBeLessThan(1e-6);
    });
  });

  it('trains with a stable tensor count on wasm', () => {
    const c: Case = { ...base, cell: 'gru', batch: 4, seq: 6, inSize: 3, hidden: 8, masked: true };
    const { x, weights, mask } = inputs(c);
    const variables = weights.map((w) => tf.variable(w));
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mean(tf.square(recurrentDirection(x, asWeights(variables), mask, c))) as tf.Scalar, variables);
      for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.1)));
    });
    expect(tensorCountChange(step)).toBe(0);
    expect(tf.getBackend()).toBe('wasm');
    tf.dispose([x, ...weights, ...variables, ...(mask ? [mask] : [])]);
  });
});
