import * as tf from '@tensorflow/tfjs-core';
import type { NamedArrays } from '../model/parameters.js';

export interface GradientEntry {
  name: string;
  variable: tf.Variable;
  grad: tf.Tensor;
}

/** Everything needed to continue optimizing exactly where a checkpoint left off. */
export interface OptimizerState {
  step: number;
  slots: NamedArrays;
}

/**
 * Optimizers keep their per-parameter state ("slots": moments, accumulators) under the
 * parameter's logical name, so a checkpoint restores them onto a freshly built model.
 * Updates follow PyTorch's formulas, Ludwig's reference implementation.
 */
export abstract class Optimizer {
  protected step = 0;
  private readonly slots = new Map<string, tf.Variable>();

  /** One update of every given parameter; the caller disposes the gradients. */
  apply(entries: GradientEntry[], learningRate: number): void {
    this.step++;
    tf.tidy(() => {
      for (const entry of entries) this.update(entry, learningRate);
    });
  }

  protected abstract update(entry: GradientEntry, learningRate: number): void;

  protected slot(parameter: string, slotName: string, like: tf.Tensor, fill = 0): tf.Variable {
    const key = `${parameter}/${slotName}`;
    let v = this.slots.get(key);
    if (!v) {
      v = tf.tidy(() => tf.variable(tf.fill(like.shape, fill), false));
      this.slots.set(key, v);
    }
    return v;
  }

  getState(): OptimizerState {
    const slots: NamedArrays = {};
    for (const [key, v] of this.slots) slots[key] = { shape: [...v.shape], values: v.dataSync() as Float32Array };
    return { step: this.step, slots };
  }

  setState(state: OptimizerState): void {
    this.step = state.step;
    for (const [key, saved] of Object.entries(state.slots)) {
      const existing = this.slots.get(key);
      const value = tf.tensor(saved.values, saved.shape, 'float32');
      if (existing) {
        existing.assign(value);
        value.dispose();
      } else {
        this.slots.set(key, tf.variable(value, false));
        value.dispose();
      }
    }
  }

  dispose(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }
}

/** L2 weight decay folded into the gradient (PyTorch's `weight_decay` for Adam/SGD/RMSprop/Adagrad). */
export function withWeightDecay(grad: tf.Tensor, variable: tf.Tensor, weightDecay: number): tf.Tensor {
  return weightDecay > 0 ? tf.add(grad, tf.mul(variable, weightDecay)) : grad;
}
