/**
 * Shared by the trainer's unit tests (not imported by production code): seeded tensors and one
 * optimizer step over a ParameterStore that reports what happened to every trainable variable.
 * Deliberately free of vitest so it type-checks and builds like any other module.
 */
import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig, type ResolvedConfig } from '@overture/config';
import type { ParameterStore } from '../model/parameters.js';
import { createOptimizer } from '../optimizers/registry.js';
import { SeededRandom } from '../util/random.js';

/** Standard normal values times `scale`, from a seeded stream. */
export function seededValues(seed: number, count: number, scale = 1): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: count }, () => rng.nextGaussian() * scale);
}

export function seededMatrix(seed: number, rows: number, cols: number, scale = 1): tf.Tensor2D {
  return tf.tensor2d(seededValues(seed, rows * cols, scale), [rows, cols]);
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

export function maxAbs(values: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(values[i]));
  return worst;
}

export interface VariableStep {
  name: string;
  before: Float32Array;
  after: Float32Array;
  /** null when tfjs found no path from the variable to the loss. */
  grad: Float32Array | null;
}

export interface StepResult {
  loss: number;
  variables: VariableStep[];
}

/**
 * One Adam step on every trainable variable of `params`, the way the training loop takes it
 * (tf.variableGrads, then Optimizer.apply with the gradients keyed by logical name).
 */
export function takeOneAdamStep(params: ParameterStore, loss: () => tf.Scalar, learningRate = 0.01): StepResult {
  const trainables = params.trainable();
  const before = trainables.map((t) => t.variable.dataSync().slice() as Float32Array);
  const optimizer = createOptimizer({ type: 'adam' });
  const { value, grads } = tf.variableGrads(loss, trainables.map((t) => t.variable));
  try {
    const entries = trainables.filter((t) => grads[t.variable.name]).map((t) => ({ name: t.name, variable: t.variable, grad: grads[t.variable.name] }));
    optimizer.apply(entries, learningRate);
    return {
      loss: value.dataSync()[0],
      variables: trainables.map((t, i) => ({
        name: t.name,
        before: before[i],
        after: t.variable.dataSync().slice() as Float32Array,
        grad: grads[t.variable.name] ? (grads[t.variable.name].dataSync().slice() as Float32Array) : null,
      })),
    };
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
    optimizer.dispose();
  }
}

/** A fully defaulted config from a raw one (Ludwig-style YAML as an object). */
export function resolved(raw: Record<string, unknown>): ResolvedConfig {
  return resolveConfig(raw).config;
}
