/**
 * Shared by the trainer's kernel tests (not imported by production code): runs a computation on
 * a named backend and compares gradients with central differences.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Runs `fn` with `backend` active and switches back to the one that was active. */
export async function onBackend<T>(backend: 'wasm' | 'cpu', fn: () => T): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    return tf.tidy(fn as () => never) as T;
  } finally {
    await tf.setBackend(previous);
  }
}

/**
 * Central differences of the scalar `loss` at `values` for the listed coordinates, computed in
 * float32 by tfjs: `step` must be large enough for float32 (1e-2 for values of order 1).
 */
export function numericalGradient(loss: (values: Float32Array) => number, values: Float32Array, coordinates: number[], step = 1e-2): number[] {
  return coordinates.map((i) => {
    const plus = Float32Array.from(values);
    const minus = Float32Array.from(values);
    plus[i] += step;
    minus[i] -= step;
    return (loss(plus) - loss(minus)) / (2 * step);
  });
}

/** Every `stride`-th coordinate of an array of `length` values (a sample across the tensor). */
export function sampledCoordinates(length: number, count: number): number[] {
  const stride = Math.max(1, Math.floor(length / count));
  return Array.from({ length: Math.min(count, length) }, (_, k) => (k * stride + (k % 3)) % length);
}

/** Runs `step` once (to warm caches), then `times` more, and returns how the live tensor count changed. */
export function tensorCountChange(step: () => void, times = 3): number {
  step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < times; i++) step();
  return tf.memory().numTensors - before;
}
