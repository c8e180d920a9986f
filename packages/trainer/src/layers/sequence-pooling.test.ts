import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { numericalGradient, onBackend, sampledCoordinates, tensorCountChange } from '../test-support/gradient-check.js';
import { maxAbsDifference, seededValues } from '../test-support/training-step.js';
import { poolOverTime, type PoolMode } from './sequence-pooling.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const [batch, seq, channels] = [4, 6, 5];
// Row 0 full, row 1 three steps, row 2 one step, row 3 none (an empty text).
const lengths = [6, 3, 1, 0];
const maskRows = lengths.map((n) => Array.from({ length: seq }, (_, t) => (t < n ? 1 : 0)));

/** The pooling from differentiable tfjs ops (autodiff on the cpu backend is the reference). */
function referencePool(x: tf.Tensor3D, mask: tf.Tensor2D | null, mode: PoolMode): tf.Tensor {
  const valid = tf.expandDims(mask ?? tf.ones([batch, seq]), 2);
  const counts = tf.sum(valid, 1);
  if (mode === 'max') {
    const best = tf.max(tf.add(x, tf.mul(tf.sub(valid, 1), 1e9)), 1);
    return tf.mul(best, tf.cast(tf.greater(counts, 0), 'float32'));
  }
  const total = tf.sum(tf.mul(x, valid), 1);
  return mode === 'sum' ? total : tf.div(total, tf.maximum(counts, 1));
}

function valueAndGradient(mode: PoolMode, masked: boolean, ours: boolean): number[][] {
  const x = tf.tensor3d(seededValues(21, batch * seq * channels), [batch, seq, channels]);
  const mask = masked ? tf.tensor2d(maskRows) : null;
  const up = tf.tensor2d(seededValues(22, batch * channels), [batch, channels]);
  const f = (xx: tf.Tensor) => (ours ? poolOverTime(xx as tf.Tensor3D, mask, mode) : referencePool(xx as tf.Tensor3D, mask, mode));
  const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx), up)))(x);
  return [Array.from(f(x).dataSync()), Array.from(dx.dataSync())];
}

describe('poolOverTime', () => {
  const modes: PoolMode[] = ['max', 'mean', 'sum'];
  it.each(modes.flatMap((mode) => [[mode, true], [mode, false]] as const))('%s (masked: %s) agrees with tfjs ops on cpu, value and gradient, on wasm and cpu', async (mode, masked) => {
    const [value, gradient] = await onBackend('cpu', () => valueAndGradient(mode, masked, false));
    for (const backend of ['wasm', 'cpu'] as const) {
      const [ours, oursGradient] = await onBackend(backend, () => valueAndGradient(mode, masked, true));
      expect(maxAbsDifference(ours, value), backend).toBeLessThan(1e-5);
      expect(maxAbsDifference(oursGradient, gradient), backend).toBeLessThan(1e-5);
    }
  });

  it('gives 0 for a row with no step and no gradient to masked steps', () => {
    tf.tidy(() => {
      const x = tf.tensor3d(seededValues(23, batch * seq * channels), [batch, seq, channels]);
      const mask = tf.tensor2d(maskRows);
      for (const mode of modes) {
        expect(Array.from(poolOverTime(x, mask, mode).dataSync()).slice(3 * channels)).toEqual(new Array(channels).fill(0));
        const dx = tf.grad((xx: tf.Tensor) => tf.sum(poolOverTime(xx as tf.Tensor3D, mask, mode)))(x).arraySync() as number[][][];
        expect(dx[1].slice(3).flat().every((v) => v === 0)).toBe(true);
        expect(dx[3].flat().every((v) => v === 0)).toBe(true);
      }
      // The mean of row 1 counts its 3 steps: each gets 1/3 of the gradient.
      const dMean = tf.grad((xx: tf.Tensor) => tf.sum(poolOverTime(xx as tf.Tensor3D, mask, 'mean')))(x).arraySync() as number[][][];
      expect(dMean[1][0][0]).toBeCloseTo(1 / 3, 6);
    });
  });

  it.each(['mean', 'max'] as const)('%s has the gradient of central differences', (mode) => {
    const values = seededValues(24, batch * seq * channels);
    const mask = tf.tensor2d(maskRows);
    const up = tf.tensor2d(seededValues(25, batch * channels), [batch, channels]);
    const loss = (x: tf.Tensor) => tf.sum(tf.mul(tf.tanh(poolOverTime(x as tf.Tensor3D, mask, mode)), up));
    const analytic = tf.tidy(() => Array.from(tf.grad(loss)(tf.tensor3d(values, [batch, seq, channels])).dataSync()));
    const coordinates = sampledCoordinates(values.length, 30);
    // A step small against the gaps between seeded gaussians, so no max changes its winner.
    const numeric = numericalGradient((v) => tf.tidy(() => loss(tf.tensor3d(v, [batch, seq, channels])).dataSync()[0]), values, coordinates, 1e-3);
    expect(maxAbsDifference(coordinates.map((i) => analytic[i]), numeric)).toBeLessThan(2e-2);
    tf.dispose([mask, up]);
  });

  it('refuses a mask whose length is not the sequence\'s', () => {
    tf.tidy(() => {
      expect(() => poolOverTime(tf.zeros([2, 5, 3]) as tf.Tensor3D, tf.ones([2, 7]) as tf.Tensor2D, 'max')).toThrow(/mask is \[2,7\] for a sequence of \[2, 5\]/);
    });
  });

  it('leaves no tensor behind across steps', () => {
    const x = tf.variable(tf.tidy(() => tf.tensor3d(seededValues(26, batch * seq * channels), [batch, seq, channels])));
    const mask = tf.tensor2d(maskRows);
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.add(tf.sum(poolOverTime(x, mask, 'max')), tf.sum(poolOverTime(x, null, 'mean'))) as tf.Scalar, [x]);
      x.assign(tf.sub(x, tf.mul(grads[x.name], 0.01)));
    });
    expect(tensorCountChange(step)).toBe(0);
    tf.dispose([x, mask]);
  });
});
