import * as tf from '@tensorflow/tfjs-core';
import type { DeepSadLossConfig, DeepSvddLossConfig, DroccLossConfig } from '@overture/config';
import { SeededRandom } from '../util/random.js';
import type { LossFactory } from './loss.js';

/**
 * Ludwig's anomaly losses (modules/loss_modules.py). `output` is the anomaly score d = ||z - c||²
 * per row ([batch, 1]), `target` the label (0 normal, 1 anomaly, -1 unlabeled).
 */

/** torch.quantile (linear interpolation between the closest ranks) of the values. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
}

/**
 * Deep SVDD: hard boundary mean(d) when nu = 0; soft boundary R + mean(max(0, d - R)) / nu with
 * R the (1 - nu) quantile of the batch's d (no gradient through R, clamped at 0), as Ludwig.
 */
export const deepSvdd: LossFactory<DeepSvddLossConfig> = ({ nu }) => (d) => {
  if (!(nu > 0)) return tf.mean(d) as tf.Scalar;
  // R is a constant of the step (Ludwig detaches it): read it from the values.
  const radius = Math.max(0, quantile(d.dataSync(), 1 - nu));
  return tf.add(radius, tf.div(tf.mean(tf.relu(tf.sub(d, radius))), nu)) as tf.Scalar;
};

const SAD_EPSILON = 1e-6;

/** Deep SAD: d for normal and unlabeled rows, eta / (d + 1e-6) for labeled anomalies (target 1), averaged. */
export const deepSad: LossFactory<DeepSadLossConfig> = ({ eta }) => (d, target) => {
  const anomaly = tf.cast(tf.equal(target, 1), 'float32');
  const normal = tf.mul(d, tf.sub(1, anomaly));
  const repelled = tf.mul(tf.div(eta, tf.add(d, SAD_EPSILON)), anomaly);
  return tf.mean(tf.add(normal, repelled)) as tf.Scalar;
};

/**
 * DROCC as Ludwig implements it: mean(d) + s · mean(max(0, d - d̃)), d̃ = d + s · std(d) · ε with
 * ε standard normal and d̃ constant (no gradient); std is torch's unbiased one, clamped at 1e-6.
 * The noise comes from a stream seeded per loss, so a run is reproducible (a resumed run draws
 * new noise after the resume point).
 */
export const drocc: LossFactory<DroccLossConfig> = ({ perturbation_strength: s }) => {
  const rng = new SeededRandom(0x0d20cc);
  return (d) => {
    const values = d.dataSync();
    const n = values.length;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i];
    mean /= n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
    const std = Math.max(1e-6, n > 1 ? Math.sqrt(squares / (n - 1)) : 0);
    const perturbed = new Float32Array(n);
    for (let i = 0; i < n; i++) perturbed[i] = values[i] + s * std * rng.nextGaussian();
    const hinge = tf.mean(tf.relu(tf.sub(d, tf.tensor2d(perturbed, d.shape))));
    return tf.add(tf.mean(d), tf.mul(hinge, s)) as tf.Scalar;
  };
};
