import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, withWeightDecay, type GradientEntry } from './optimizer.js';

export interface SgdOptions {
  momentum?: number;
  weight_decay?: number;
  dampening?: number;
  nesterov?: boolean;
}

/** SGD with momentum as PyTorch defines it (buffer starts at the first gradient). */
export class Sgd extends Optimizer {
  constructor(private readonly options: SgdOptions) {
    super();
  }

  protected update({ name, variable, grad }: GradientEntry, lr: number): void {
    const { momentum = 0, weight_decay = 0, dampening = 0, nesterov = false } = this.options;
    let d = withWeightDecay(grad, variable, weight_decay);
    if (momentum > 0) {
      const buf = this.slot(name, 'momentum', variable);
      const next = this.step === 1 ? d : tf.add(tf.mul(buf, momentum), tf.mul(d, 1 - dampening));
      buf.assign(next);
      d = nesterov ? tf.add(d, tf.mul(next, momentum)) : next;
    }
    variable.assign(tf.sub(variable, tf.mul(d, lr)));
  }
}
