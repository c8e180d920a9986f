import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedConfig } from '@overture/config';
import type { Batch, EcdModel } from '../model/ecd.js';
import type { ForwardContext } from '../model/context.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { SeededRandom } from '../util/random.js';
import { dictionary } from '../util/dictionary.js';
import type { GradientAccumulator } from './gradient-accumulation.js';
import { Lbfgs } from '../optimizers/lbfgs.js';
import { OvertureError } from '@overture/config';
import { readValues } from '../backend/tensor-memory.js';

/** With gradient accumulation: where this batch's gradients go, and whether the update is taken after it. */
export interface Accumulation {
  accumulator: GradientAccumulator;
  update: boolean;
}

/**
 * One optimization step: forward, losses, gradients of every trainable parameter, clipping and
 * the optimizer's update (or, accumulating, the gradients added to the pending sum and the
 * update only when `accumulation.update`). Returns the combined loss and each output's, as
 * numbers; leaves no tensor behind.
 */
export function trainStep(
  model: EcdModel, optimizer: Optimizer, batch: Batch, learningRate: number, rng: SeededRandom,
  clipping: ResolvedConfig['trainer']['gradient_clipping'] | null, accumulation: Accumulation | null = null,
): Record<string, number> {
  if (optimizer instanceof Lbfgs) return lbfgsStep(model, optimizer, batch, learningRate, rng, accumulation);
  const trainables = model.params.trainable();
  const kept: Record<string, tf.Scalar> = dictionary();
  const { value, grads } = tf.variableGrads(() => {
    const ctx: ForwardContext = { training: true, rng, auxiliaryLosses: [] };
    const raw = model.forward(batch, ctx);
    const { total, perOutput } = model.loss(raw, batch, ctx.auxiliaryLosses);
    for (const [k, v] of Object.entries(perOutput)) kept[k] = tf.keep(v);
    return total;
  }, trainables.map((t) => t.variable));
  try {
    const entries = trainables.map((t) => ({ name: t.name, variable: t.variable, grad: grads[t.variable.name] }));
    if (accumulation) {
      accumulation.accumulator.add(entries);
      if (accumulation.update) accumulation.accumulator.apply(optimizer, learningRate, clipping);
    } else {
      optimizer.apply(entries, learningRate, clipping);
    }
    const losses: Record<string, number> = { combined: value.dataSync()[0] };
    for (const [k, v] of Object.entries(kept)) losses[k] = v.dataSync()[0];
    // Ludwig calls the balancer's post_step only after an optimizer step.
    if (!accumulation || accumulation.update) model.afterOptimizerStep(losses);
    return losses;
  } finally {
    tf.dispose([value, ...Object.values(grads), ...Object.values(kept)]);
  }
}

/**
 * Ludwig's _train_step_lbfgs: the optimizer runs its iterations through a closure that re-runs the
 * forward pass and the gradients on this same batch (no gradient clipping, no accumulation, as
 * Ludwig), then the losses reported are those at the new weights (Ludwig's forward pass after the step).
 */
function lbfgsStep(model: EcdModel, optimizer: Lbfgs, batch: Batch, learningRate: number, rng: SeededRandom, accumulation: Accumulation | null): Record<string, number> {
  if (accumulation) {
    throw new OvertureError('unsupported', 'lbfgs with gradient_accumulation_steps above 1 is not supported (Ludwig runs L-BFGS without accumulation either); set gradient_accumulation_steps: 1');
  }
  const trainables = model.params.trainable();
  optimizer.minimize(trainables, () => {
    const { value, grads } = tf.variableGrads(() => {
      const ctx: ForwardContext = { training: true, rng, auxiliaryLosses: [] };
      return model.loss(model.forward(batch, ctx), batch, ctx.auxiliaryLosses).total;
    }, trainables.map((t) => t.variable));
    try {
      return { loss: value.dataSync()[0], grads: trainables.map((t) => Float32Array.from(readValues(grads[t.variable.name]))) };
    } finally {
      tf.dispose([value, ...Object.values(grads)]);
    }
  }, learningRate);
  return tf.tidy(() => {
    const ctx: ForwardContext = { training: true, rng, auxiliaryLosses: [] };
    const { total, perOutput } = model.loss(model.forward(batch, ctx), batch, ctx.auxiliaryLosses);
    const losses: Record<string, number> = { combined: total.dataSync()[0] };
    for (const [k, v] of Object.entries(perOutput)) losses[k] = v.dataSync()[0];
    model.afterOptimizerStep(losses);
    return losses;
  });
}
