import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { ParameterStore } from '../model/parameters.js';
import { denseForward } from '../layers/dense.js';
import { SeededRandom } from '../util/random.js';
import { maxAbs, maxAbsDifference, resolved, seededMatrix, seededValues, takeOneAdamStep } from '../test-support/training-step.js';
import { createCombiner } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const BATCH = 8;

function combinerConfig(combiner: Record<string, unknown>) {
  return resolved({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'number' }], combiner: { type: 'concat', ...combiner } }).combiner;
}

describe('concat combiner', () => {
  for (const norm of ['batch', 'layer'] as const) {
    it(`with 2 residual FC layers and ${norm} norm takes one Adam step on wasm`, () => {
      const params = new ParameterStore();
      try {
        const combiner = createCombiner({
          config: combinerConfig({ num_fc_layers: 2, output_size: 8, norm, residual: true }), inputSizes: [3, 5], params, rng: new SeededRandom(4),
        });
        expect(combiner.outputSize).toBe(8);
        const head = params.create('head.kernel', [8, 1], seededValues(9, 8, 0.3));
        const encoded = [seededMatrix(1, BATCH, 3), seededMatrix(2, BATCH, 5)];
        const target = seededMatrix(3, BATCH, 1);
        const step = takeOneAdamStep(params, () =>
          tf.mean(tf.squaredDifference(denseForward(combiner.forward(encoded, { training: true, rng: new SeededRandom(1) }), head as tf.Tensor2D, null, 'linear'), target)) as tf.Scalar);
        tf.dispose([...encoded, target]);

        expect(tf.getBackend()).toBe('wasm');
        expect(Number.isFinite(step.loss)).toBe(true);
        // Batch norm subtracts the batch mean, which removes the bias of the layer before it: its gradient is zero by construction.
        const zeroByConstruction = norm === 'batch' ? ['combiner.layer_0.fc_0.bias', 'combiner.layer_1.fc_0.bias'] : [];
        const names = step.variables.map((v) => v.name);
        for (const name of zeroByConstruction) expect(names).toContain(name);
        for (const v of step.variables) {
          expect(v.grad, `${v.name} has a gradient`).not.toBeNull();
          expect(v.after.every(Number.isFinite), `${v.name} is finite`).toBe(true);
          if (zeroByConstruction.includes(v.name)) {
            expect(maxAbs(v.grad!), `${v.name} gradient`).toBeLessThan(1e-5);
          } else {
            expect(maxAbs(v.grad!), `${v.name} gradient`).toBeGreaterThan(1e-6);
            expect(maxAbsDifference(v.after, v.before), `${v.name} changed`).toBeGreaterThan(0);
          }
        }
        expect(names.filter((n) => n.includes('.norm.')).sort()).toEqual([
          'combiner.layer_0.fc_0.norm.beta', 'combiner.layer_0.fc_0.norm.gamma', 'combiner.layer_1.fc_0.norm.beta', 'combiner.layer_1.fc_0.norm.gamma',
        ]);
        if (norm === 'batch') {
          // Running statistics are not trained but are updated by a training forward pass.
          expect(Array.from(params.get('combiner.layer_0.fc_0.norm.running_mean').dataSync()).some((v) => v !== 0)).toBe(true);
          expect(Array.from(params.get('combiner.layer_0.fc_0.norm.running_var').dataSync()).some((v) => v !== 1)).toBe(true);
        }
      } finally {
        params.dispose();
      }
    });
  }

  it('with residual adds each layer input back when the sizes match', () => {
    const run = (residual: boolean) => {
      const params = new ParameterStore();
      try {
        const combiner = createCombiner({ config: combinerConfig({ num_fc_layers: 1, output_size: 5, residual }), inputSizes: [2, 3], params, rng: new SeededRandom(8) });
        return tf.tidy(() => Array.from(combiner.forward([seededMatrix(1, 4, 2), seededMatrix(2, 4, 3)], { training: false, rng: new SeededRandom(1) }).dataSync()));
      } finally {
        params.dispose();
      }
    };
    const concatenated = tf.tidy(() => Array.from(tf.concat([seededMatrix(1, 4, 2), seededMatrix(2, 4, 3)], 1).dataSync()));
    const plain = run(false);
    expect(maxAbsDifference(run(true), plain.map((v, i) => v + concatenated[i]))).toBeLessThan(1e-6);
  });

  it('without FC layers is the concatenation of the encoder outputs in input order', () => {
    const params = new ParameterStore();
    try {
      const combiner = createCombiner({ config: combinerConfig({}), inputSizes: [1, 2], params, rng: new SeededRandom(1) });
      expect(combiner.outputSize).toBe(3);
      const out = tf.tidy(() => Array.from(combiner.forward([tf.tensor2d([[1], [2]]), tf.tensor2d([[3, 4], [5, 6]])], { training: false, rng: new SeededRandom(1) }).dataSync()));
      expect(out).toEqual([1, 3, 4, 2, 5, 6]);
      expect(params.names()).toEqual([]);
    } finally {
      params.dispose();
    }
  });
});
