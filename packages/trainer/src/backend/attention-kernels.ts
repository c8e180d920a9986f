import * as tf from '@tensorflow/tfjs-core';
import { registerJsKernels, type KernelBody, type Memory } from './sequence-kernels.js';

/**
 * The softmax of scaled attention scores with a key-padding mask, one kernel each way on wasm and
 * cpu: as tensor ops it is a multiply, a where, a max, a subtract, an exp, a sum and a divide
 * forward (each ~10 µs of engine bookkeeping before any arithmetic) and as many back.
 */

export const MASKED_SOFTMAX = 'OvertureMaskedSoftmax';
export const MASKED_SOFTMAX_GRADIENT = 'OvertureMaskedSoftmaxGradient';

export interface MaskedSoftmaxAttrs {
  /** Multiplies the scores before the softmax (1/√d of scaled dot-product attention); positive. */
  scale: number;
}

/**
 * scores [batch, ..., keys] (rows of `keys` values; the leading axis is the batch) and mask
 * [batch, keys] (a key counts where the mask is not 0; no mask: every key) → p of the scores' shape,
 * each row the softmax of scale·scores over its counted keys and 0 on the others. A row with no
 * counted key is all 0: it attends to nothing.
 */
function maskedSoftmax(memory: Memory, inputs: { scores: tf.TensorInfo; mask?: tf.TensorInfo }, attrs: MaskedSoftmaxAttrs): tf.TensorInfo {
  const { scores, mask } = inputs;
  const keys = scores.shape[scores.shape.length - 1];
  const batch = scores.shape[0];
  const rows = keys === 0 ? 0 : tf.util.sizeFromShape(scores.shape) / keys;
  const rowsPerItem = batch === 0 ? 0 : rows / batch;
  if (mask && (mask.shape.length !== 2 || mask.shape[0] !== batch || mask.shape[1] !== keys)) {
    throw new Error(`masked softmax: the mask is [${mask.shape}] for scores of [${scores.shape}] (needs [${batch}, ${keys}])`);
  }
  const out = memory.output(scores.shape, 'float32');
  const s = memory.values(scores) as Float32Array;
  const m = mask ? memory.values(mask) : null;
  const p = memory.values(out) as Float32Array;
  const scale = attrs.scale;
  // The counted keys of each batch item, listed once: the row loops then run without a branch.
  const counted = new Int32Array(keys);
  for (let item = 0; item < batch; item++) {
    let count = 0;
    for (let j = 0; j < keys; j++) if (!m || m[item * keys + j] !== 0) counted[count++] = j;
    if (count === 0) continue;
    for (let r = item * rowsPerItem; r < (item + 1) * rowsPerItem; r++) softmaxRow(s, p, r * keys, counted, count, scale);
  }
  return out;
}

/** p[base + j] = softmax over the listed keys j of scale · s[base + j]. */
function softmaxRow(s: Float32Array, p: Float32Array, base: number, counted: Int32Array, count: number, scale: number): void {
  let max = -Infinity;
  for (let c = 0; c < count; c++) {
    const v = s[base + counted[c]];
    if (v > max) max = v;
  }
  // scale > 0, so the largest scaled score is scale · max.
  const shift = max * scale;
  let total = 0;
  for (let c = 0; c < count; c++) {
    const j = base + counted[c];
    const e = Math.exp(s[j] * scale - shift);
    p[j] = e;
    total += e;
  }
  const inverse = 1 / total;
  for (let c = 0; c < count; c++) p[base + counted[c]] *= inverse;
}

/**
 * dy and p (the forward output) → d scores = scale · p ⊙ (dy − Σ_j dy_j p_j) per row. Masked keys
 * have p = 0, so their gradient is 0 without the mask.
 */
function maskedSoftmaxGradient(memory: Memory, inputs: { dy: tf.TensorInfo; p: tf.TensorInfo }, attrs: MaskedSoftmaxAttrs): tf.TensorInfo {
  const { dy, p } = inputs;
  const keys = p.shape[p.shape.length - 1];
  const rows = keys === 0 ? 0 : tf.util.sizeFromShape(p.shape) / keys;
  const out = memory.output(p.shape, 'float32');
  const g = memory.values(dy) as Float32Array;
  const probs = memory.values(p) as Float32Array;
  const dx = memory.values(out) as Float32Array;
  const scale = attrs.scale;
  for (let r = 0; r < rows; r++) {
    const base = r * keys;
    let dot = 0;
    for (let j = 0; j < keys; j++) dot += g[base + j] * probs[base + j];
    for (let j = 0; j < keys; j++) dx[base + j] = scale * probs[base + j] * (g[base + j] - dot);
  }
  return out;
}

let registered = false;

function registerAttentionKernels(): void {
  if (registered) return;
  registered = true;
  const bodies: Record<string, KernelBody> = {
    [MASKED_SOFTMAX]: (memory, inputs, attrs: MaskedSoftmaxAttrs) => maskedSoftmax(memory, inputs as never, attrs),
    [MASKED_SOFTMAX_GRADIENT]: (memory, inputs, attrs: MaskedSoftmaxAttrs) => maskedSoftmaxGradient(memory, inputs as never, attrs),
  };
  registerJsKernels(bodies);
}

/** Whether the running backend has these kernels (wasm and cpu do; others use tensor ops). */
export function attentionKernelsAvailable(): boolean {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') return false;
  registerAttentionKernels();
  return true;
}
