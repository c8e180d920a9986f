import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { dropout } from './dropout.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('dropout', () => {
  it('zeroes about `rate` of the elements and scales the rest by 1 / (1 − rate)', () => {
    const out = tf.tidy(() => Array.from(dropout(tf.ones([100, 100]), 0.25, 7).dataSync()));
    const kept = out.filter((v) => v !== 0);
    expect(kept.length / out.length).toBeGreaterThan(0.73);
    expect(kept.length / out.length).toBeLessThan(0.77);
    expect(new Set(kept.map((v) => v.toFixed(5)))).toEqual(new Set([(1 / 0.75).toFixed(5)]));
  });

  it('draws the same mask for the same seed and another for another seed', () => {
    const mask = (seed: number) => tf.tidy(() => Array.from(dropout(tf.ones([8, 8]), 0.5, seed).dataSync()));
    expect(mask(3)).toEqual(mask(3));
    expect(mask(3)).not.toEqual(mask(4));
  });

  it('passes the gradient through the kept elements only, scaled like them', () => {
    const x = tf.variable(tf.ones([4, 4]));
    const { grads } = tf.variableGrads(() => tf.sum(dropout(x, 0.5, 11)) as tf.Scalar, [x]);
    const forward = tf.tidy(() => Array.from(dropout(tf.ones([4, 4]), 0.5, 11).dataSync()));
    expect(Array.from(grads[x.name].dataSync())).toEqual(forward);
    tf.dispose([x, grads[x.name]]);
  });

  it('returns its input unchanged at rate 0', () => {
    const x = tf.ones([2, 2]);
    expect(dropout(x, 0, 1)).toBe(x);
    x.dispose();
  });
});
