import * as tf from '@tensorflow/tfjs-core';
import type { GradientClippingConfig } from '@overture/config';

/** Applies Ludwig's clipping (value, per-tensor norm, then global norm) to a list of gradients. */
export function clipGradients(grads: tf.Tensor[], config: GradientClippingConfig | null): tf.Tensor[] {
  if (!config) return grads;
  let out = grads;
  if (config.clipvalue) {
    const v = config.clipvalue;
    out = out.map((g) => tf.clipByValue(g, -v, v));
  }
  if (config.clipnorm) {
    const max = config.clipnorm;
    out = out.map((g) => {
      const norm = tf.sqrt(tf.sum(tf.square(g)));
      return tf.mul(g, tf.minimum(1, tf.div(max, tf.add(norm, 1e-6))));
    });
  }
  if (config.clipglobalnorm) {
    const total = tf.sqrt(tf.addN(out.map((g) => tf.sum(tf.square(g)))));
    const scale = tf.minimum(1, tf.div(config.clipglobalnorm, tf.add(total, 1e-6)));
    out = out.map((g) => tf.mul(g, scale));
  }
  return out;
}
