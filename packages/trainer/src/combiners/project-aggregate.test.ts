import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig, type ProjectAggregateCombinerConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { ParameterStore } from '../model/parameters.js';
import { denseForward } from '../layers/dense.js';
import { maxAbs, maxAbsDifference, seededMatrix, seededValues, takeOneAdamStep } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { createCombiner } from './registry.js';

/** Feature groups as the model passes them (the type does not matter to these combiners). */
const named = (groups: string[][]) => groups.map((g) => g.map((name) => ({ name, type: 'number' as const })));

beforeAll(async () => {
  await initBackend('wasm');
});

function projectConfig(options: Record<string, unknown>): ProjectAggregateCombinerConfig {
  return resolveConfig({ input_features: [{ name: 'a', type: 'number' }], output_features: [{ name: 'y', type: 'number' }], combiner: { type: 'project_aggregate', ...options } }).config.combiner as ProjectAggregateCombinerConfig;
}

describe('project_aggregate combiner', () => {
  it('averages one projection per feature, the stacked columns counting one feature each', () => {
    const params = new ParameterStore();
    try {
      const combiner = createCombiner({ config: projectConfig({ projection_size: 4, num_fc_layers: 0, bias_initializer: 'normal' }), inputSizes: [2, 3], inputFeatures: named([['a', 'b'], ['c']]), params, rng: new SeededRandom(2) });
      expect(combiner.outputSize).toBe(4);
      expect(params.get('combiner.projectors.a.kernel').shape).toEqual([1, 4]);
      expect(params.get('combiner.projectors.c.kernel').shape).toEqual([3, 4]);
      const stacked = seededMatrix(1, 5, 2);
      const c = seededMatrix(2, 5, 3);
      const [actual, expected] = tf.tidy(() => {
        const project = (x: tf.Tensor2D, name: string) => denseForward(x, params.get(`combiner.projectors.${name}.kernel`) as tf.Tensor2D, params.get(`combiner.projectors.${name}.bias`) as tf.Tensor1D, 'linear');
        const [a, b] = tf.split(stacked, 2, 1) as tf.Tensor2D[];
        const mean = tf.div(tf.addN([project(a, 'a'), project(b, 'b'), project(c, 'c')]), 3);
        return [combiner.forward([stacked, c], { training: false, rng: new SeededRandom(1) }).arraySync(), mean.arraySync()] as number[][][];
      });
      expect(maxAbsDifference(actual.flat(), expected.flat())).toBeLessThan(1e-5);
      tf.dispose([stacked, c]);
    } finally {
      params.dispose();
    }
  });

  for (const norm of ['layer', 'batch'] as const) {
    it(`with ${norm} norm and residual layers takes one Adam step on wasm, every parameter moving`, () => {
      const params = new ParameterStore();
      try {
        const combiner = createCombiner({ config: projectConfig({ projection_size: 6, output_size: 6, num_fc_layers: 2, norm }), inputSizes: [2, 3], inputFeatures: named([['a', 'b'], ['c']]), params, rng: new SeededRandom(2) });
        const head = params.create('head.kernel', [6, 1], seededValues(9, 6, 0.3));
        const encoded = [seededMatrix(1, 8, 2), seededMatrix(2, 8, 3)];
        const target = seededMatrix(3, 8, 1);
        const step = takeOneAdamStep(params, () => tf.mean(tf.squaredDifference(denseForward(combiner.forward(encoded, { training: true, rng: new SeededRandom(1) }), head as tf.Tensor2D, null, 'linear'), target)) as tf.Scalar);
        tf.dispose([...encoded, target]);
        const zero = norm === 'batch' ? ['combiner.layer_0.fc_0.bias', 'combiner.layer_1.fc_0.bias'] : [];
        for (const v of step.variables) {
          if (zero.includes(v.name)) continue;
          expect(maxAbs(v.grad!), `${v.name} gradient`).toBeGreaterThan(1e-6);
          expect(maxAbsDifference(v.after, v.before), `${v.name} changed`).toBeGreaterThan(0);
        }
      } finally {
        params.dispose();
      }
    });
  }
});
