import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, withWeightDecay, type GradientEntry } from './optimizer.js';

export interface AdagradOptions {
  initial_accumulator_value?: number;
  lr_decay?: number;
  eps?: number;
  weight_decay?: number;
}

/** Adagrad (Duchi et al., 2011) as PyTorch implements it. */
export class Adagrad extends Optimizer {
  constructor(private readonly options: AdagradOptions) {
    super();
  }

  protected update({ name, variable, grad }: GradientEntry, lr: number): void {
    const { initial_accumulator_value = 0, lr_decay = 0, eps = 1e-10, weight_decay = 0 } = this.options;
    const g = withWeightDecay(grad, variable, weight_decay);
    const sum = this.slot(name, 'sum', variable, initial_accumulator_value);
    const sumNew = tf.add(sum, tf.square(g));
    sum.assign(sumNew);
    const clr = lr / (1 + (this.step - 1) * lr_decay);
    variable.assign(tf.sub(variable, tf.mul(tf.div(g, tf.add(tf.sqrt(sumNew), eps)), clr)));
  }
}
