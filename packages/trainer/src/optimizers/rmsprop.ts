import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, withWeightDecay, type GradientEntry } from './optimizer.js';

export interface RmspropOptions {
  momentum?: number;
  alpha?: number;
  eps?: number;
  centered?: boolean;
  weight_decay?: number;
}

/** RMSprop (Hinton, lecture 6e) with PyTorch's `alpha`, `centered` and `momentum`. */
export class Rmsprop extends Optimizer {
  constructor(private readonly options: RmspropOptions) {
    super();
  }

  protected update({ name, variable, grad }: GradientEntry, lr: number): void {
    const { momentum = 0, alpha = 0.99, eps = 1e-8, centered = false, weight_decay = 0 } = this.options;
    const g = withWeightDecay(grad, variable, weight_decay);
    const sq = this.slot(name, 'square_avg', variable);
    const sqNew = tf.add(tf.mul(sq, alpha), tf.mul(tf.square(g), 1 - alpha));
    sq.assign(sqNew);
    let avg: tf.Tensor = sqNew;
    if (centered) {
      const ga = this.slot(name, 'grad_avg', variable);
      const gaNew = tf.add(tf.mul(ga, alpha), tf.mul(g, 1 - alpha));
      ga.assign(gaNew);
      avg = tf.sub(sqNew, tf.square(gaNew));
    }
    const denom = tf.add(tf.sqrt(avg), eps);
    if (momentum > 0) {
      const buf = this.slot(name, 'momentum', variable);
      const bufNew = tf.add(tf.mul(buf, momentum), tf.div(g, denom));
      buf.assign(bufNew);
      variable.assign(tf.sub(variable, tf.mul(bufNew, lr)));
    } else {
      variable.assign(tf.sub(variable, tf.mul(tf.div(g, denom), lr)));
    }
  }
}
