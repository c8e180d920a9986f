import type * as tf from '@tensorflow/tfjs-core';
import type { GradientClippingConfig } from '@overture/config';
import type { NamedArrays } from '../model/parameters.js';
import { readValues, updateVariable } from '../backend/tensor-memory.js';
import { clampedGradient, gradientClipping } from '../training/gradient-clipping.js';

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
 *
 * Each update is one pass of plain loops over a parameter's values: on wasm a tensor-op update costs ~17 kernel launches per parameter
 * (~30 µs each), which made the optimizer a third of a small model's training step.
 */
export abstract class Optimizer {
  protected step = 0;
  private readonly slots = new Map<string, { shape: number[]; values: Float32Array }>();
  private readonly scratch = { buffer: new Float32Array(0) };

  /** One update of every given parameter, after Ludwig's gradient clipping; the caller disposes the gradients. */
  apply(entries: GradientEntry[], learningRate: number, clipping: GradientClippingConfig | null = null): void {
    this.step++;
    const { clipValue, scales } = gradientClipping(entries.map((e) => readValues(e.grad)), clipping);
    entries.forEach((entry, i) => {
      updateVariable(entry.variable, (params) => {
        // Read only now: allocating the new parameter buffer may have moved the wasm heap.
        const grad = clampedGradient(readValues(entry.grad), clipValue, this.scratch);
        this.update(entry.name, entry.variable.shape, params, grad, scales[i], learningRate);
      });
    });
  }

  /** Rewrites `params` (float32, in place) from the gradient `gradScale · grad` (`grad` of the same length). */
  protected abstract update(name: string, shape: number[], params: Float32Array, grad: Float32Array, gradScale: number, learningRate: number): void;

  protected slot(parameter: string, slotName: string, shape: number[], fill = 0): Float32Array {
    const key = `${parameter}/${slotName}`;
    let slot = this.slots.get(key);
    if (!slot) {
      const size = shape.reduce((a, b) => a * b, 1);
      slot = { shape: [...shape], values: new Float32Array(size).fill(fill) };
      this.slots.set(key, slot);
    }
    return slot.values;
  }

  getState(): OptimizerState {
    const slots: NamedArrays = {};
    for (const [key, slot] of this.slots) slots[key] = { shape: [...slot.shape], values: slot.values.slice() };
    return { step: this.step, slots };
  }

  setState(state: OptimizerState): void {
    this.step = state.step;
    for (const [key, saved] of Object.entries(state.slots)) {
      this.slots.set(key, { shape: [...saved.shape], values: Float32Array.from(saved.values) });
    }
  }

  dispose(): void {
    this.slots.clear();
  }
}
