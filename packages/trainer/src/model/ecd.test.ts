import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import type { RawTable } from '../data/table.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { createOptimizer } from '../optimizers/registry.js';
import { trainStep } from '../training/train-step.js';
import { disposeBatch, makeBatch } from '../training/batches.js';
import { SeededRandom } from '../util/random.js';
import { resolved } from '../test-support/training-step.js';
import { EcdModel } from './ecd.js';
import { orderOutputsByDependencies } from './dependencies.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const ROWS = 12;
const cycle = <T>(values: T[]) => Array.from({ length: ROWS }, (_, i) => String(values[i % values.length]));

function table(): RawTable {
  const data: Record<string, string[]> = {
    x: cycle([1.5, -2, 3, 0.25, 7, 4]),
    c1: cycle(['p', 'q', 'r', 'q']),
    c2: cycle(['p', 'q', 'r', 'q']),
    tags: cycle(['a b', 'b', 'c a', '']),
    when: cycle(['2021-03-04 10:11:12', '1999-12-31 23:59:59', '2010-07-15 00:00:01']),
    intent: cycle(['buy', 'sell', 'buy']),
    priority: cycle([1, 2, 3, 2.5]),
    flag: cycle(['true', 'false']),
  };
  return { columns: Object.keys(data), rowCount: ROWS, data };
}

function build(raw: Record<string, unknown>, seed = 3) {
  const config = resolved({ preprocessing: { split: { type: 'random', probabilities: [1, 0, 0] } }, ...raw });
  const { dataset, metadata } = preprocessForTraining(table(), config, { seed: 1 });
  return { config, dataset, metadata, model: new EcdModel(config, metadata, seed) };
}

const models: EcdModel[] = [];
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});
function keep<T extends { model: EcdModel }>(built: T): T {
  models.push(built.model);
  return built;
}

const dependentOutputs = {
  input_features: [{ name: 'x', type: 'number' }, { name: 'c1', type: 'category', encoder: { type: 'dense', embedding_size: 4 } }],
  // priority is listed first although it depends on intent.
  output_features: [
    { name: 'priority', type: 'number', dependencies: ['intent'] },
    { name: 'intent', type: 'category', decoder: { num_fc_layers: 1, fc_output_size: 7 } },
  ],
  combiner: { type: 'concat', num_fc_layers: 1, output_size: 12 },
};

describe('EcdModel', () => {
  it('feeds a dependent decoder the combiner output plus the hidden state of the output it depends on', () => {
    const { model } = keep(build(dependentOutputs));
    expect(model.outputFeatures.map((f) => f.name)).toEqual(['intent', 'priority']);
    const firstKernel = (output: string) => model.params.names().find((n) => n.startsWith(`decoders.${output}.`) && n.endsWith('.kernel'))!;
    expect(firstKernel('intent')).toBe('decoders.intent.fc.fc_0.kernel');
    expect(model.params.get(firstKernel('intent')).shape).toEqual([12, 7]);
    // combiner output 12 + intent decoder hidden size 7.
    expect(firstKernel('priority')).toBe('decoders.priority.head.kernel');
    expect(model.params.get(firstKernel('priority')).shape).toEqual([19, 1]);
  });

  it('gives each output its raw width in forward', () => {
    const { model, dataset } = keep(build(dependentOutputs));
    const batch = makeBatch(dataset, ['x', 'c1', 'intent', 'priority'], [0, 1, 2, 3, 4], model.stack);
    const shapes = tf.tidy(() => Object.fromEntries(Object.entries(model.forward(batch, { training: false, rng: new SeededRandom(1) })).map(([k, v]) => [k, v.shape])));
    disposeBatch(batch);
    // intent's vocabulary: buy, sell.
    expect(shapes).toEqual({ intent: [5, 2], priority: [5, 1] });
  });

  it('rejects a dependency cycle, naming it', () => {
    const config = resolved(dependentOutputs);
    const { metadata } = preprocessForTraining(table(), config, { seed: 1 });
    const cyclic: ResolvedConfig = { ...config, output_features: config.output_features.map((f) => (f.name === 'intent' ? { ...f, dependencies: ['priority'] } : f)) };
    expect(() => new EcdModel(cyclic, metadata, 1)).toThrow('output dependencies form a cycle: priority -> intent -> priority');
  });

  it('rejects a dependency on an unknown output, naming both', () => {
    const config = resolved(dependentOutputs);
    const { metadata } = preprocessForTraining(table(), config, { seed: 1 });
    const unknown: ResolvedConfig = { ...config, output_features: config.output_features.map((f) => (f.name === 'priority' ? { ...f, dependencies: ['urgency'] } : f)) };
    expect(() => new EcdModel(unknown, metadata, 1)).toThrow("output 'priority' depends on 'urgency', which is not an output feature");
  });

  it('orders outputs so every one follows its dependencies', () => {
    const ordered = orderOutputsByDependencies([
      { name: 'c', dependencies: ['b'] },
      { name: 'a', dependencies: [] },
      { name: 'b', dependencies: ['a'] },
      { name: 'd', dependencies: ['a', 'c'] },
    ]);
    expect(ordered.map((o) => o.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(() => orderOutputsByDependencies([{ name: 'a', dependencies: ['b'] }, { name: 'b', dependencies: ['c'] }, { name: 'c', dependencies: ['a'] }]))
      .toThrow('output dependencies form a cycle: a -> b -> c -> a');
  });

  it('shares the encoder of a tied input: the parameter count drops by exactly that encoder', () => {
    const raw = (tied: string | null) => ({
      input_features: [{ name: 'c1', type: 'category' }, { name: 'c2', type: 'category', tied }],
      output_features: [{ name: 'priority', type: 'number' }],
    });
    const untied = keep(build(raw(null))).model;
    const tied = keep(build(raw('c1'))).model;
    const c2Size = untied.params.names().filter((n) => n.startsWith('encoders.c2.')).reduce((s, n) => s + untied.params.get(n).size, 0);
    expect(c2Size).toBeGreaterThan(0);
    expect(tied.params.parameterCount()).toBe(untied.params.parameterCount() - c2Size);
    expect(tied.params.names().filter((n) => n.startsWith('encoders.c2.'))).toEqual([]);
  });

  it('keeps tf.memory().numTensors stable across training steps taken by the training loop', () => {
    const { model, dataset, config } = keep(build({
      input_features: [
        { name: 'x', type: 'number', encoder: { type: 'dense', output_size: 8, norm: 'layer' } },
        { name: 'c1', type: 'category' },
        { name: 'tags', type: 'set' },
        { name: 'when', type: 'date' },
      ],
      output_features: [
        { name: 'intent', type: 'category', loss: { class_weights: { sell: 2 } } },
        { name: 'priority', type: 'number', dependencies: ['intent'] },
        { name: 'flag', type: 'binary' },
      ],
      combiner: { type: 'concat', num_fc_layers: 2, output_size: 16, norm: 'batch', dropout: 0.1, residual: true },
      trainer: { regularization_lambda: 0.01 },
    }));
    const optimizer = createOptimizer(config.trainer.optimizer as never);
    const names = ['x', 'c1', 'tags', 'when', 'intent', 'priority', 'flag'];
    const step = (i: number) => {
      const batch = makeBatch(dataset, names, [i % ROWS, (i + 3) % ROWS, (i + 5) % ROWS, (i + 7) % ROWS], model.stack);
      try {
        return trainStep(model, optimizer, batch, 0.01, new SeededRandom(i), config.trainer.gradient_clipping).combined;
      } finally {
        disposeBatch(batch);
      }
    };
    try {
      // The first step creates the optimizer's slots.
      step(0);
      const before = tf.memory().numTensors;
      const losses = [step(1), step(2), step(3)];
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
      // Evaluation: forward + activate in a tidy.
      const batch = makeBatch(dataset, names, [0, 1, 2], model.stack);
      tf.tidy(() => {
        const raw = model.forward(batch, { training: false, rng: new SeededRandom(1) });
        for (const f of model.outputFeatures) EcdModel.activate(f, raw[f.name]).dataSync();
      });
      disposeBatch(batch);
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.getBackend()).toBe('wasm');
    } finally {
      optimizer.dispose();
    }
  });

  it('releases every tensor it created when disposed', () => {
    const start = tf.memory().numTensors;
    const { model } = build({
      input_features: [{ name: 'x', type: 'number', encoder: { type: 'dense' } }, { name: 'c1', type: 'category' }, { name: 'tags', type: 'set' }, { name: 'when', type: 'date' }],
      output_features: [{ name: 'intent', type: 'category' }, { name: 'flag', type: 'binary' }],
      combiner: { type: 'concat', num_fc_layers: 1, norm: 'batch' },
    });
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  // encoders/date/wave.ts builds its `periods` tensor outside the ParameterStore, so
  // EcdModel.dispose() never frees it: one tensor leaks per model with a wave-encoded date.
  it('releases every tensor when disposed, with a date wave encoder', () => {
    const start = tf.memory().numTensors;
    const { model } = build({
      input_features: [{ name: 'when', type: 'date', encoder: { type: 'wave' } }],
      output_features: [{ name: 'flag', type: 'binary' }],
    });
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  // losses/cross-entropy.ts similarityTargets keeps a tensor (tf.keep) that neither the loss nor
  // EcdModel.dispose() ever frees: one tensor leaks per model using class_similarities.
  it('releases every tensor when disposed, with class_similarities on a category output', () => {
    const start = tf.memory().numTensors;
    const { model } = build({
      input_features: [{ name: 'x', type: 'number' }],
      output_features: [{ name: 'intent', type: 'category', loss: { class_similarities: [[1, 0.5], [0.5, 1]], class_similarities_temperature: 1 } }],
    });
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
