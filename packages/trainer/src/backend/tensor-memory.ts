import * as tf from '@tensorflow/tfjs-core';
import type { CpuBackendLike, WasmBackendLike } from './backend-shapes.js';

/**
 * The float32 storage of a tensor itself (no copy) on backends that keep it in JavaScript-
 * reachable memory: the wasm heap or the cpu backend's arrays. Null elsewhere (tfjs-node keeps
 * tensors in native memory). A wasm view is detached when the heap grows, so take it right
 * before use and allocate no tensor while holding it. Never write through it: see updateVariable.
 */
export function liveValues(t: tf.Tensor): Float32Array | null {
  if (t.dtype !== 'float32') return null;
  const name = tf.getBackend();
  if (name === 'wasm') return (tf.backend() as unknown as WasmBackendLike).typedArrayFromHeap(t) as Float32Array;
  if (name === 'cpu') {
    const values = (tf.backend() as unknown as CpuBackendLike).data.get(t.dataId)?.values;
    return values instanceof Float32Array ? values : null;
  }
  return null;
}

/** A tensor's values, read in place where the backend allows it and copied otherwise; read-only. */
export function readValues(t: tf.Tensor): Float32Array {
  return liveValues(t) ?? (t.dataSync() as Float32Array);
}

/**
 * Gives `update` the variable's current values in a fresh buffer to rewrite, then makes that
 * buffer the variable's value. Optimizers use this to update a parameter with one pass of plain
 * loops instead of a dozen tensor kernels.
 *
 * Never in place: the wasm backend caches XNNPACK's packed copy of a matMul's right operand by
 * tensor id, so a weight rewritten under the same id would keep multiplying with its old values.
 * On wasm the new buffer is allocated on the heap, which may grow it: `update` must take any
 * heap view it reads (the gradient) only once it runs.
 */
export function updateVariable(variable: tf.Variable, update: (values: Float32Array) => void): void {
  if (tf.getBackend() === 'wasm' && variable.dtype === 'float32') {
    const backend = tf.backend() as unknown as WasmBackendLike;
    replaceVariable(variable, (next) => {
      const values = backend.typedArrayFromHeap(next) as Float32Array;
      values.set(backend.typedArrayFromHeap(variable));
      update(values);
    });
    return;
  }
  const copy = Float32Array.from(variable.dataSync() as Float32Array);
  update(copy);
  tf.tidy(() => variable.assign(tf.tensor(copy, variable.shape, 'float32')));
}

/**
 * Gives a wasm variable a fresh heap buffer that `fill` writes (it may read the variable's
 * current one), then makes it the variable's value.
 */
export function replaceVariable(variable: tf.Variable, fill: (next: tf.Tensor) => void): void {
  const backend = tf.backend() as unknown as WasmBackendLike;
  const next = tf.engine().makeTensorFromTensorInfo(backend.makeOutput([...variable.shape], 'float32'));
  try {
    fill(next);
    variable.assign(next);
  } finally {
    next.dispose();
  }
}
