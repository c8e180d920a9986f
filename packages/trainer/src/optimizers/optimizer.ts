import type * as tf from '@tensorflow/tfjs-core';
import type { GradientClippingConfig } from '@overture/config';
import type { NamedArrays } from '../model/parameters.js';
import { readValues, updateVariable } from '../backend/tensor-memory.js';
import { wasmSimd, type WasmSimd } from '../backend/simd/index.js';
import { clampedGradient, gradientClipping } from '../training/gradient-clipping.js';
import { SlotStore } from './slot-store.js';

export interface GradientEntry {
  name: string;
  variable: tf.Variable;
  grad: tf.Tensor;
}

export type ParameterRef = Pick<GradientEntry, 'name' | 'variable'>;

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
 * Each update is one pass of plain loops over a parameter's values (or one SIMD kernel, for
 * optimizers that have one): on wasm a tensor-op update costs ~17 kernel launches per parameter
 * (~30 µs each), which made the optimizer a third of a small model's training step.
 */
export abstract class Optimizer {
  protected step = 0;
  private store: SlotStore | null = null;
  private readonly scratch = { buffer: new Float32Array(0) };

  /** One update of every given parameter, after Ludwig's gradient clipping; the caller disposes the gradients. */
  apply(entries: GradientEntry[], learningRate: number, clipping: GradientClippingConfig | null = null): void {
    this.step++;
    const heap = this.slots().onHeap ? wasmSimd() : null;
    if (heap) {
      this.applyOnHeap(heap, entries, learningRate, clipping);
      return;
    }
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

  /** Whether this optimizer updates with a SIMD kernel on the wasm heap (see applyOnHeap). */
  protected usesHeapKernel(): boolean {
    return false;
  }

  /** The update of optimizers whose usesHeapKernel() is true, on the wasm backend. */
  protected applyOnHeap(_heap: WasmSimd, _entries: GradientEntry[], _learningRate: number, _clipping: GradientClippingConfig | null): void {
    throw new Error(`${this.constructor.name} has no wasm heap kernel`);
  }

  protected slots(): SlotStore {
    this.store ??= new SlotStore(this.usesHeapKernel() ? wasmSimd() : null);
    return this.store;
  }

  protected slot(parameter: string, slotName: string, shape: number[], fill = 0): Float32Array {
    const key = `${parameter}/${slotName}`;
    this.slots().ensure(key, shape, fill);
    return this.slots().view(key);
  }

  /**
   * Puts the weights to evaluate, select and save into the variables. Most optimizers evaluate
   * where they train; schedule-free ones train at an interpolation and evaluate the average.
   */
  useEvaluationWeights(_parameters: ParameterRef[]): void {}

  /** Undoes useEvaluationWeights before training continues. */
  useTrainingWeights(_parameters: ParameterRef[]): void {}

  getState(): OptimizerState {
    return { step: this.step, slots: this.slots().state() };
  }

  setState(state: OptimizerState): void {
    this.step = state.step;
    this.slots().restore(state.slots);
  }

  dispose(): void {
    this.store?.dispose();
    this.store = null;
  }
}
