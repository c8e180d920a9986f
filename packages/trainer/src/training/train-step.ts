import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedConfig } from '@overture/config';
import type { Batch, EcdModel } from '../model/ecd.js';
import type { ForwardContext } from '../model/context.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { SeededRandom } from '../util/random.js';
import { dictionary } from '../util/dictionary.js';
import type { GradientAccumulator } from './gradient-accumulation.js';

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
