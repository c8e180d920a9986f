import * as tf from '@tensorflow/tfjs-core';
import type { GradientClippingConfig } from '@overture/config';
import { readValues } from '../backend/tensor-memory.js';
import type { GradientEntry, Optimizer } from '../optimizers/optimizer.js';

/**
 * `trainer.gradient_accumulation_steps`: the gradients of several batches summed into one update.
 * As in Ludwig, each batch's loss counts 1/steps, so `steps` batches of `b` rows give the gradient
 * of one batch of `steps · b` rows (the losses are batch means); clipping applies to the sum.
 * Sums live in JavaScript arrays (double precision), so a pending update holds no tensors.
 */
export class GradientAccumulator {
  private readonly sums = new Map<string, { variable: tf.Variable; values: Float64Array }>();
  /** Batches added since the last update. */
  pending = 0;

  constructor(readonly steps: number) {}

  add(entries: GradientEntry[]): void {
    const weight = 1 / this.steps;
    for (const { name, variable, grad } of entries) {
      let sum = this.sums.get(name);
      if (!sum) {
        sum = { variable, values: new Float64Array(grad.size) };
        this.sums.set(name, sum);
      }
      const values = readValues(grad);
      const target = sum.values;
      for (let i = 0; i < values.length; i++) target[i] += weight * values[i];
    }
    this.pending++;
  }

  /** One optimizer update from the summed gradients, then starts a new sum. */
  apply(optimizer: Optimizer, learningRate: number, clipping: GradientClippingConfig | null): void {
    if (this.pending === 0) return;
    const entries = [...this.sums].map(([name, { variable, values }]) => ({ name, variable, grad: tf.tensor(Float32Array.from(values), variable.shape) }));
    try {
      optimizer.apply(entries, learningRate, clipping);
    } finally {
      tf.dispose(entries.map((e) => e.grad));
    }
    for (const { values } of this.sums.values()) values.fill(0);
    this.pending = 0;
  }
}
