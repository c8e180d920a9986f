import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, withWeightDecay, type GradientEntry } from './optimizer.js';

export interface AdamOptions {
  betas?: [number, number] | number[];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
}

/** Adam (Kingma & Ba, 2015); `decoupled` gives AdamW (Loshchilov & Hutter, 2019). */
export class Adam extends Optimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly amsgrad: boolean;

  constructor(options: AdamOptions, private readonly decoupled = false) {
    super();
    this.beta1 = options.betas?.[0] ?? 0.9;
    this.beta2 = options.betas?.[1] ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weight_decay ?? 0;
    this.amsgrad = options.amsgrad ?? false;
  }

  protected update({ name, variable, grad }: GradientEntry, lr: number): void {
    const g = this.decoupled ? grad : withWeightDecay(grad, variable, this.weightDecay);
    const m = this.slot(name, 'm', variable);
    const v = this.slot(name, 'v', variable);
    const mNew = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
    const vNew = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
    m.assign(mNew);
    v.assign(vNew);
    let vUsed: tf.Tensor = vNew;
    if (this.amsgrad) {
      const vMax = this.slot(name, 'v_max', variable);
      vUsed = tf.maximum(vMax, vNew);
      vMax.assign(vUsed);
    }
    const biasCorrection1 = 1 - this.beta1 ** this.step;
    const biasCorrection2 = Math.sqrt(1 - this.beta2 ** this.step);
    const denom = tf.add(tf.div(tf.sqrt(vUsed), biasCorrection2), this.eps);
    let next = tf.sub(variable, tf.mul(tf.div(mNew, denom), lr / biasCorrection1));
    if (this.decoupled && this.weightDecay > 0) next = tf.sub(next, tf.mul(variable, lr * this.weightDecay));
    variable.assign(next);
  }
}
