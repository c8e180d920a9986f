import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig, type ComparatorCombinerConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { ParameterStore } from '../model/parameters.js';
import { denseForward } from '../layers/dense.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { splitRows } from '../training/batches.js';
import { trainModel } from '../training/train.js';
import { evaluateSplit } from '../training/evaluate-split.js';
import { toyTable } from '../test-support/toy-table.js';
import { maxAbs, maxAbsDifference, seededMatrix, seededValues, takeOneAdamStep } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { createCombiner } from './registry.js';

/** Feature groups as the model passes them (the type does not matter to these combiners). */
const named = (groups: string[][]) => groups.map((g) => g.map((name) => ({ name, type: 'number' as const })));

beforeAll(async () => {
  await initBackend('wasm');
});

const inputs = {
  input_features: [{ name: 'a', type: 'number' }, { name: 'b', type: 'number' }, { name: 'c', type: 'vector' }],
  output_features: [{ name: 'y', type: 'number' }],
};

function comparatorConfig(options: Record<string, unknown>): ComparatorCombinerConfig {
  return resolveConfig({ ...inputs, combiner: { type: 'comparator', entity_1: ['a', 'b'], entity_2: ['c'], ...options } }).config.combiner as ComparatorCombinerConfig;
}

// a and b travel stacked in the first tensor (one column each), c is its own 3-wide tensor.
const inputFeatures = named([['a', 'b'], ['c']]);
const inputSizes = [2, 3];

describe('comparator combiner', () => {
  it('outputs [e1·e2, e1⊙e2, |e1−e2|, e1ᵀBe2] of the two entity encodings', () => {
    const params = new ParameterStore();
    try {
      const combiner = createCombiner({ config: comparatorConfig({ num_fc_layers: 1, output_size: 4, activation: 'tanh' }), inputSizes, inputFeatures, params, rng: new SeededRandom(3) });
      expect(combiner.outputSize).toBe(10);
      expect(params.get('combiner.entity_1.fc_0.kernel').shape).toEqual([2, 4]);
      expect(params.get('combiner.entity_2.fc_0.kernel').shape).toEqual([3, 4]);
      expect(params.trainable().map((t) => t.name)).not.toContain('combiner.bilinear_weights');
      const stacked = seededMatrix(1, 5, 2);
      const c = seededMatrix(2, 5, 3);
      const [out, e1, e2, bilinear] = tf.tidy(() => {
        const encode = (x: tf.Tensor2D, name: string) => tf.tanh(denseForward(x, params.get(`${name}.fc_0.kernel`) as tf.Tensor2D, params.get(`${name}.fc_0.bias`) as tf.Tensor1D, 'linear'));
        return [
          combiner.forward([stacked, c], { training: false, rng: new SeededRandom(1) }).arraySync(),
          encode(stacked, 'combiner.entity_1').arraySync(), encode(c, 'combiner.entity_2').arraySync(),
          (params.get('combiner.bilinear_weights') as tf.Tensor2D).arraySync(),
        ] as number[][][];
      });
      for (let r = 0; r < 5; r++) {
        const product = e1[r].map((v, i) => v * e2[r][i]);
        const bilinearProduct = e1[r].reduce((s, v, i) => s + v * e2[r].reduce((t, w, j) => t + bilinear[i][j] * w, 0), 0);
        const expected = [product.reduce((a, b) => a + b, 0), ...product, ...e1[r].map((v, i) => Math.abs(v - e2[r][i])), bilinearProduct];
        expect(maxAbsDifference(out[r], expected)).toBeLessThan(1e-5);
      }
      tf.dispose([stacked, c]);
    } finally {
      params.dispose();
    }
  });

  it('takes one Adam step on wasm with every trainable parameter moving', () => {
    const params = new ParameterStore();
    try {
      const combiner = createCombiner({ config: comparatorConfig({ fc_layers: [{ output_size: 5 }, { output_size: 4, norm: 'batch' }] }), inputSizes, inputFeatures, params, rng: new SeededRandom(3) });
      const head = params.create('head.kernel', [10, 1], seededValues(9, 10, 0.3));
      const encoded = [seededMatrix(1, 8, 2), seededMatrix(2, 8, 3)];
      const target = seededMatrix(3, 8, 1);
      const step = takeOneAdamStep(params, () => tf.mean(tf.squaredDifference(denseForward(combiner.forward(encoded, { training: true, rng: new SeededRandom(1) }), head as tf.Tensor2D, null, 'linear'), target)) as tf.Scalar);
      tf.dispose([...encoded, target]);
      // Batch norm removes the bias of the layer before it: its gradient is zero by construction.
      const zero = ['combiner.entity_1.fc_1.bias', 'combiner.entity_2.fc_1.bias'];
      for (const v of step.variables) {
        if (zero.includes(v.name)) continue;
        expect(maxAbs(v.grad!), `${v.name} gradient`).toBeGreaterThan(1e-6);
        expect(maxAbsDifference(v.after, v.before), `${v.name} changed`).toBeGreaterThan(0);
      }
    } finally {
      params.dispose();
    }
  });

  it('in a model, compares two groups of the toy table and learns its label (held-out accuracy above 0.8)', async () => {
    const config = resolveConfig({
      input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } }],
      output_features: [{ name: 'label', type: 'binary' }],
      combiner: { type: 'comparator', entity_1: ['x1', 'color'], entity_2: ['x2'], num_fc_layers: 1, output_size: 8 },
      trainer: { epochs: 12, batch_size: 32, learning_rate: 0.01, early_stop: -1 },
    }).config;
    const { dataset, metadata } = preprocessForTraining(toyTable(400), config, { seed: 5 });
    const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      expect(evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).label.accuracy).toBeGreaterThan(0.8);
    } finally {
      outcome.model.dispose();
    }
  });
});
