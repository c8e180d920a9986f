import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig, type CombinerConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import { ParameterStore } from '../model/parameters.js';
import { maxAbs, maxAbsDifference, resolved, seededMatrix, seededValues, takeOneAdamStep } from '../test-support/training-step.js';
import { toyTable } from '../test-support/toy-table.js';
import { SeededRandom } from '../util/random.js';
import { createCombiner } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const named = (groups: string[][]) => groups.map((g) => g.map((name) => ({ name, type: 'number' as const })));
const inference = { training: false, rng: new SeededRandom(1) };

function combinerConfig(options: Record<string, unknown>): CombinerConfig {
  return resolveConfig({ input_features: [{ name: 'a', type: 'number' }], output_features: [{ name: 'y', type: 'number' }], combiner: options }).config.combiner;
}

/** x·W + b with the named parameters, as plain tfjs ops. */
const affine = (params: ParameterStore, x: tf.Tensor2D, prefix: string) =>
  tf.add(tf.matMul(x, params.get(`${prefix}.kernel`)), params.get(`${prefix}.bias`)) as tf.Tensor2D;

describe("Ludwig 0.17's hypernetwork, gated_fusion, cross_attention and perceiver combiners", () => {
  it("fill in Ludwig's defaults", () => {
    expect(combinerConfig({ type: 'hypernetwork' })).toEqual({ type: 'hypernetwork', hidden_size: 128, hyper_hidden_size: 64, output_size: 128, num_fc_layers: 0, dropout: 0.1, activation: 'relu' });
    expect(combinerConfig({ type: 'gated_fusion' })).toMatchObject({ type: 'gated_fusion', hidden_size: 256, dropout: 0.1, output_size: 256, num_fc_layers: 0, activation: 'relu', norm: null });
    expect(() => combinerConfig({ type: 'hypernetwork', hidden_size: 4096 })).toThrow(/hidden_size/);
    expect(() => combinerConfig({ type: 'gated_fusion', gate_init: 0 })).toThrow(/unknown key 'gate_init'/);
  });

  it('hypernetwork: the first feature in config order generates a matrix per row for each other feature', () => {
    const params = new ParameterStore();
    try {
      // Tensors: the stacked [b, c] then [a]; config order a, b, c makes a the conditioning feature.
      const combiner = createCombiner({
        config: combinerConfig({ type: 'hypernetwork', hidden_size: 3, hyper_hidden_size: 4 }), inputSizes: [2, 2],
        inputFeatures: named([['b', 'c'], ['a']]), inputOrder: ['a', 'b', 'c'], params, rng: new SeededRandom(2),
      });
      expect(combiner.outputSize).toBe(9);
      expect(params.get('combiner.hyper_net.2.kernel').shape).toEqual([4, 9]);
      const stacked = seededMatrix(1, 5, 2);
      const a = seededMatrix(2, 5, 2);
      const [actual, expected] = tf.tidy(() => {
        const [b, c] = tf.split(stacked, 2, 1) as tf.Tensor2D[];
        const pa = affine(params, a, 'combiner.projectors.a');
        const w = tf.reshape(affine(params, tf.relu(affine(params, pa, 'combiner.hyper_net.0')), 'combiner.hyper_net.2'), [5, 3, 3]).arraySync() as number[][][];
        const apply = (p: tf.Tensor2D) => (p.arraySync() as number[][]).map((row, r) => w[r].map((wr) => wr.reduce((s, v, k) => s + v * row[k], 0)));
        const want = tf.concat([pa, tf.tensor2d(apply(affine(params, b, 'combiner.projectors.b'))), tf.tensor2d(apply(affine(params, c, 'combiner.projectors.c')))], 1);
        return [combiner.forward([stacked, a], inference).arraySync(), want.arraySync()] as number[][][];
      });
      expect(maxAbsDifference(actual.flat(), expected.flat())).toBeLessThan(1e-5);
      tf.dispose([stacked, a]);
    } finally {
      params.dispose();
    }
  });

  it('gated_fusion: starts from the projections alone (gates at zero), then adds tanh(gate) times the map of the others', () => {
    const params = new ParameterStore();
    try {
      const combiner = createCombiner({
        config: combinerConfig({ type: 'gated_fusion', hidden_size: 3, bias_initializer: 'normal' }), inputSizes: [2, 3],
        inputFeatures: named([['a', 'b'], ['c']]), params, rng: new SeededRandom(2),
      });
      expect(combiner.outputSize).toBe(9);
      expect(params.get('combiner.cross_projections.a.kernel').shape).toEqual([6, 3]);
      const stacked = seededMatrix(1, 4, 2);
      const c = seededMatrix(2, 4, 3);
      const run = () => tf.tidy(() => combiner.forward([stacked, c], inference).arraySync() as number[][]);
      const projections = () => tf.tidy(() => {
        const [a, b] = tf.split(stacked, 2, 1) as tf.Tensor2D[];
        return [affine(params, a, 'combiner.projectors.a'), affine(params, b, 'combiner.projectors.b'), affine(params, c, 'combiner.projectors.c')];
      });
      const [pa, pb, pc] = projections();
      expect(maxAbsDifference(run().flat(), (tf.concat([pa, pb, pc], 1).arraySync() as number[][]).flat())).toBeLessThan(1e-5);
      params.get('combiner.gates.b').assign(tf.tensor1d(seededValues(7, 3)));
      const expected = tf.tidy(() => {
        const fusedB = tf.add(pb, tf.mul(tf.tanh(params.get('combiner.gates.b')), affine(params, tf.concat([pa, pc], 1) as tf.Tensor2D, 'combiner.cross_projections.b')));
        return tf.concat([pa, fusedB, pc], 1).arraySync() as number[][];
      });
      expect(maxAbsDifference(run().flat(), expected.flat())).toBeLessThan(1e-5);
      tf.dispose([stacked, c, pa, pb, pc]);
    } finally {
      params.dispose();
    }
  });

  it('cross_attention: with one other feature the attention weight is 1, so a feature gets LayerNorm(p + out(value(other)))', () => {
    const params = new ParameterStore();
    try {
      const combiner = createCombiner({
        config: combinerConfig({ type: 'cross_attention', hidden_size: 4, num_heads: 2 }), inputSizes: [1, 3],
        inputFeatures: named([['a'], ['c']]), params, rng: new SeededRandom(2),
      });
      expect(combiner.outputSize).toBe(8);
      const a = seededMatrix(1, 5, 1);
      const c = seededMatrix(2, 5, 3);
      const [actual, expected] = tf.tidy(() => {
        const pa = affine(params, a, 'combiner.projectors.a');
        const pc = affine(params, c, 'combiner.projectors.c');
        const attended = (from: tf.Tensor2D, name: string) => affine(params, affine(params, from, `combiner.cross_attention.${name}.value`), `combiner.cross_attention.${name}.out_proj`);
        const norm = (x: tf.Tensor2D) => {
          const { mean, variance } = tf.moments(x, 1, true);
          return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
        };
        const want = tf.concat([norm(tf.add(pa, attended(pc, 'a'))), norm(tf.add(pc, attended(pa, 'c')))], 1);
        return [combiner.forward([a, c], inference).arraySync(), want.arraySync()] as number[][][];
      });
      expect(maxAbsDifference(actual.flat(), expected.flat())).toBeLessThan(1e-4);
      tf.dispose([a, c]);
    } finally {
      params.dispose();
    }
  });

  it('refuse what Ludwig would build differently: cross_attention num_layers above 1, heads that do not divide the size', () => {
    expect(() => combinerConfig({ type: 'cross_attention', num_layers: 2 })).toThrow(/num_layers: 2 is a Ludwig option that Overture does not support yet/);
    expect(() => combinerConfig({ type: 'cross_attention', hidden_size: 10, num_heads: 4 })).toThrow(/divisible by num_heads/);
    expect(() => combinerConfig({ type: 'perceiver', latent_dim: 10, num_heads: 4 })).toThrow(/latent_dim \(10\) must be divisible by num_heads/);
    expect(() => combinerConfig({ type: 'perceiver', reduce_output: null })).toThrow(/not support yet/);
  });

  it.each([
    ['hypernetwork', { type: 'hypernetwork', hidden_size: 4, hyper_hidden_size: 3, num_fc_layers: 1, output_size: 5 }],
    ['gated_fusion', { type: 'gated_fusion', hidden_size: 4, num_fc_layers: 1, output_size: 5, norm: 'layer' }],
    ['cross_attention', { type: 'cross_attention', hidden_size: 4, num_heads: 2, num_fc_layers: 1, output_size: 5 }],
    ['perceiver', { type: 'perceiver', num_latents: 3, latent_dim: 4, num_heads: 2, num_self_attention_layers: 1, num_fc_layers: 1, output_size: 5 }],
  ])('%s takes one Adam step on wasm with every parameter moving', (_, options) => {
    const params = new ParameterStore();
    try {
      const combiner = createCombiner({ config: combinerConfig(options), inputSizes: [2, 3], inputFeatures: named([['a', 'b'], ['c']]), params, rng: new SeededRandom(2) });
      // Gates start at zero, where the cross maps get no gradient: open them a little first.
      if (options.type === 'gated_fusion') for (const name of ['a', 'b', 'c']) params.get(`combiner.gates.${name}`).assign(tf.fill([4], 0.3));
      const head = params.create('head.kernel', [5, 1], seededValues(9, 5, 0.3));
      const encoded = [seededMatrix(1, 8, 2), seededMatrix(2, 8, 3)];
      const target = seededMatrix(3, 8, 1);
      const step = takeOneAdamStep(params, () => tf.mean(tf.squaredDifference(tf.matMul(combiner.forward(encoded, { training: true, rng: new SeededRandom(1) }), head), target)) as tf.Scalar);
      tf.dispose([...encoded, target]);
      expect(tf.getBackend()).toBe('wasm');
      for (const v of step.variables) {
        // q·b_k is the same for every key, and a softmax ignores what all its scores share: the key bias gets no gradient (in PyTorch too).
        if (v.name.endsWith('.key.bias')) continue;
        expect(maxAbs(v.grad ?? []), `${v.name} gradient`).toBeGreaterThan(1e-7);
        expect(maxAbsDifference(v.after, v.before), `${v.name} changed`).toBeGreaterThan(0);
      }
    } finally {
      params.dispose();
    }
  });

  it.each([
    ['hypernetwork', { type: 'hypernetwork', hidden_size: 8, hyper_hidden_size: 8, num_fc_layers: 1, output_size: 16 }],
    ['gated_fusion', { type: 'gated_fusion', hidden_size: 8, num_fc_layers: 1, output_size: 16 }],
    ['cross_attention', { type: 'cross_attention', hidden_size: 8, num_heads: 2, num_fc_layers: 1, output_size: 16 }],
    ['perceiver', { type: 'perceiver', num_latents: 4, latent_dim: 8, num_heads: 2, num_self_attention_layers: 1, num_fc_layers: 1, output_size: 16 }],
  ])('%s learns the toy binary label to 0.85 test accuracy on wasm (chance about 0.5)', async (_, combiner) => {
    const config = resolved({
      input_features: [{ name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } }, { name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }],
      output_features: [{ name: 'label', type: 'binary' }],
      combiner,
      trainer: { epochs: 15, batch_size: 32, learning_rate: 0.01, early_stop: -1 },
    });
    const { testStatistics } = await trainOnTable({ table: toyTable(600, 9), config, seed: 4, featureImportance: false });
    expect((testStatistics as { label: { accuracy: number } }).label.accuracy).toBeGreaterThanOrEqual(0.85);
  }, 30_000);
});
