import * as tf from '@tensorflow/tfjs-core';
import type { CpuBackendLike, WasmBackendLike } from './backend-shapes.js';
import { wasmSimd } from './simd/index.js';
import { WINDOW_POOL, WINDOW_POOL_GRADIENT, windowPool, windowPoolGradient } from './window-pool-kernels.js';

/**
 * Kernels of text and sequence encoders that tfjs-wasm lacks or runs as many small ops, each one
 * kernel call on the wasm heap (and on the cpu backend's arrays):
 * - the embedding gradient, a scatter-add of dy rows into the table (tfjs differentiates gather
 *   through UnsortedSegmentSum, which wasm does not register);
 * - im2col / col2im for 1-D convolutions: a convolution becomes one product on our SIMD kernel
 *   (its filter gradient too), where wasm has no Conv2DBackpropFilter;
 * - pooling over time with a sequence mask, forward and gradient;
 * - pooling over windows of time with a stride (`window-pool-kernels.ts`), forward and gradient.
 * Other backends (tfjs-node) get the same results from tensor ops (`*Fallback` below).
 */

export const EMBEDDING_GRADIENT = 'OvertureEmbeddingGradient';
export const IM2COL_1D = 'OvertureIm2Col1D';
export const COL2IM_1D = 'OvertureCol2Im1D';
export const SEQUENCE_POOL = 'OvertureSequencePool';
export const SEQUENCE_POOL_GRADIENT = 'OvertureSequencePoolGradient';

export type Values = Float32Array | Int32Array;

/** How a kernel gets zeroed output buffers and its inputs' values on one backend. */
export interface Memory {
  output(shape: number[], dtype: 'float32' | 'int32'): tf.TensorInfo;
  values(t: tf.TensorInfo): Values;
}

export const memories: Record<'wasm' | 'cpu', (backend: unknown) => Memory> = {
  wasm: (backend) => {
    const wasm = backend as WasmBackendLike;
    return {
      output: (shape, dtype) => {
        const info = wasm.makeOutput(shape, dtype);
        // The wasm allocator does not clear memory.
        wasm.typedArrayFromHeap(info).fill(0);
        return info;
      },
      // Views taken on each use: an allocation may grow (and move) the heap.
      values: (t) => wasm.typedArrayFromHeap(t) as Values,
    };
  },
  cpu: (backend) => {
    const cpu = backend as CpuBackendLike;
    return {
      output: (shape, dtype) => {
        const size = tf.util.sizeFromShape(shape);
        return cpu.makeTensorInfo(shape, dtype, (dtype === 'int32' ? new Int32Array(size) : new Float32Array(size)) as Float32Array);
      },
      values: (t) => cpu.data.get(t.dataId)?.values as Values,
    };
  },
};

export interface EmbeddingGradientAttrs {
  vocabSize: number;
}

/** dy [n, width] (any leading shape), ids [n] int32 → [vocabSize, width], rows of the same id summed. */
function embeddingGradient(memory: Memory, inputs: { dy: tf.TensorInfo; ids: tf.TensorInfo }, attrs: EmbeddingGradientAttrs, onWasm: boolean): tf.TensorInfo {
  const { dy, ids } = inputs;
  const n = tf.util.sizeFromShape(ids.shape);
  const width = n === 0 ? 0 : tf.util.sizeFromShape(dy.shape) / n;
  const out = memory.output([attrs.vocabSize, width], 'float32');
  const index = memory.values(ids);
  for (let k = 0; k < n; k++) {
    const r = index[k];
    if (!(r >= 0 && r < attrs.vocabSize)) throw new Error(`embedding gradient: the id ${r} is not in [0, ${attrs.vocabSize - 1}]`);
  }
  const simd = onWasm ? wasmSimd() : null;
  if (simd) {
    simd.kernels.scatterAddRows(simd.address(dy), simd.address(ids), n, width, simd.address(out));
    return out;
  }
  const g = memory.values(dy) as Float32Array;
  const o = memory.values(out) as Float32Array;
  for (let k = 0; k < n; k++) {
    const src = k * width;
    const dst = index[k] * width;
    for (let j = 0; j < width; j++) o[dst + j] += g[src + j];
  }
  return out;
}

export interface Conv1DWindowAttrs {
  filterSize: number;
  /** Zero rows before the first time step ('same': ⌊(filterSize − 1)/2⌋, as PyTorch and TensorFlow pad). */
  padBefore: number;
  outLength: number;
}

/**
 * Calls visit(colStart, xStart, count) for each output step's window: `count` values starting at
 * x[xStart] belong at cols[colStart] (the part of the window inside the sequence).
 */
function forEachWindow(batch: number, seq: number, channels: number, attrs: Conv1DWindowAttrs, visit: (colStart: number, xStart: number, count: number) => void): void {
  const { filterSize, padBefore, outLength } = attrs;
  const width = filterSize * channels;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const first = Math.max(0, t - padBefore);
      const last = Math.min(seq, t - padBefore + filterSize);
      if (last <= first) continue;
      visit((b * outLength + t) * width + (first - (t - padBefore)) * channels, (b * seq + first) * channels, (last - first) * channels);
    }
  }
}

/**
 * x [batch, seq, channels] → cols [batch·outLength, filterSize·channels]: row (b, t) holds the
 * window x[b, t − padBefore … t − padBefore + filterSize − 1, :], zeros outside the sequence.
 * The window is contiguous in x, so each row is one copy.
 */
function im2col(memory: Memory, x: tf.TensorInfo, attrs: Conv1DWindowAttrs): tf.TensorInfo {
  const [batch, seq, channels] = x.shape;
  const out = memory.output([batch * attrs.outLength, attrs.filterSize * channels], 'float32');
  const xs = memory.values(x) as Float32Array;
  const cols = memory.values(out) as Float32Array;
  forEachWindow(batch, seq, channels, attrs, (dst, src, count) => {
    if (count >= 64) cols.set(xs.subarray(src, src + count), dst);
    else for (let j = 0; j < count; j++) cols[dst + j] = xs[src + j];
  });
  return out;
}

export interface Col2ImAttrs extends Conv1DWindowAttrs {
  seq: number;
  channels: number;
}

/** The adjoint of im2col: each window row of dcols added back into dx [batch, seq, channels]. */
function col2im(memory: Memory, dcols: tf.TensorInfo, attrs: Col2ImAttrs): tf.TensorInfo {
  const { seq, channels } = attrs;
  const batch = dcols.shape[0] / attrs.outLength;
  const out = memory.output([batch, seq, channels], 'float32');
  const g = memory.values(dcols) as Float32Array;
  const dx = memory.values(out) as Float32Array;
  forEachWindow(batch, seq, channels, attrs, (src, dst, count) => {
    for (let j = 0; j < count; j++) dx[dst + j] += g[src + j];
  });
  return out;
}

let ones = new Int32Array(0);

/** A mask counting every step, when the caller gives none. */
function allSteps(size: number): Int32Array {
  if (ones.length < size) ones = new Int32Array(size).fill(1);
  return ones;
}

export type PoolMode = 'max' | 'mean' | 'sum';

export interface SequencePoolAttrs {
  mode: PoolMode;
}

/**
 * x [batch, seq, channels] and mask [batch, seq] (a step counts where the mask is not 0; no mask:
 * every step) →
 * [batch, channels], plus for max the time step chosen per output (−1 for a row with no step,
 * whose output is 0, as is a mean over nothing).
 */
function sequencePool(memory: Memory, inputs: { x: tf.TensorInfo; mask?: tf.TensorInfo }, attrs: SequencePoolAttrs): tf.TensorInfo[] {
  const { x, mask } = inputs;
  const [batch, seq, channels] = x.shape;
  const out = memory.output([batch, channels], 'float32');
  const argmax = attrs.mode === 'max' ? memory.output([batch, channels], 'int32') : null;
  const xs = memory.values(x) as Float32Array;
  const m = mask ? memory.values(mask) : allSteps(batch * seq);
  const o = memory.values(out) as Float32Array;
  const arg = argmax ? (memory.values(argmax) as Int32Array) : null;
  for (let b = 0; b < batch; b++) {
    const row = b * channels;
    if (arg) {
      arg.fill(-1, row, row + channels);
      for (let t = 0; t < seq; t++) {
        if (m[b * seq + t] === 0) continue;
        const base = (b * seq + t) * channels;
        for (let c = 0; c < channels; c++) {
          // NaN wins, as in torch.amax, so a diverging model shows up.
          const v = xs[base + c];
          if (arg[row + c] < 0 || v > o[row + c] || v !== v) {
            o[row + c] = v;
            arg[row + c] = t;
          }
        }
      }
      continue;
    }
    let count = 0;
    for (let t = 0; t < seq; t++) {
      if (m[b * seq + t] === 0) continue;
      count++;
      const base = (b * seq + t) * channels;
      for (let c = 0; c < channels; c++) o[row + c] += xs[base + c];
    }
    if (attrs.mode === 'mean' && count > 0) for (let c = 0; c < channels; c++) o[row + c] /= count;
  }
  return argmax ? [out, argmax] : [out];
}

export interface SequencePoolGradientAttrs extends SequencePoolAttrs {
  seq: number;
}

/** dy [batch, channels] → dx [batch, seq, channels]: to the chosen step (max) or spread over the counted steps. */
function sequencePoolGradient(memory: Memory, inputs: { dy: tf.TensorInfo; mask?: tf.TensorInfo; argmax?: tf.TensorInfo }, attrs: SequencePoolGradientAttrs): tf.TensorInfo {
  const { dy, mask, argmax } = inputs;
  const [batch, channels] = dy.shape;
  const seq = attrs.seq;
  const out = memory.output([batch, seq, channels], 'float32');
  const g = memory.values(dy) as Float32Array;
  const m = mask ? memory.values(mask) : allSteps(batch * seq);
  const dx = memory.values(out) as Float32Array;
  if (attrs.mode === 'max') {
    const arg = memory.values(argmax!) as Int32Array;
    for (let b = 0; b < batch; b++) {
      for (let c = 0; c < channels; c++) {
        const t = arg[b * channels + c];
        if (t >= 0) dx[(b * seq + t) * channels + c] = g[b * channels + c];
      }
    }
    return out;
  }
  for (let b = 0; b < batch; b++) {
    let count = 0;
    for (let t = 0; t < seq; t++) if (m[b * seq + t] !== 0) count++;
    if (count === 0) continue;
    const scale = attrs.mode === 'mean' ? 1 / count : 1;
    for (let t = 0; t < seq; t++) {
      if (m[b * seq + t] === 0) continue;
      const base = (b * seq + t) * channels;
      for (let c = 0; c < channels; c++) dx[base + c] = g[b * channels + c] * scale;
    }
  }
  return out;
}

export type KernelBody = (memory: Memory, inputs: Record<string, tf.TensorInfo>, attrs: never, onWasm: boolean) => tf.TensorInfo | tf.TensorInfo[];

const kernels: Record<string, KernelBody> = {
  [EMBEDDING_GRADIENT]: (memory, inputs, attrs, onWasm) => embeddingGradient(memory, inputs as never, attrs, onWasm),
  [IM2COL_1D]: (memory, inputs, attrs) => im2col(memory, inputs.x, attrs),
  [COL2IM_1D]: (memory, inputs, attrs) => col2im(memory, inputs.dcols, attrs),
  [SEQUENCE_POOL]: (memory, inputs, attrs) => sequencePool(memory, inputs as never, attrs),
  [SEQUENCE_POOL_GRADIENT]: (memory, inputs, attrs) => sequencePoolGradient(memory, inputs as never, attrs),
  [WINDOW_POOL]: (memory, inputs, attrs) => windowPool(memory, inputs.x, attrs),
  [WINDOW_POOL_GRADIENT]: (memory, inputs, attrs) => windowPoolGradient(memory, inputs as never, attrs),
};

let registered = false;

function registerSequenceKernels(): void {
  if (registered) return;
  registered = true;
  registerJsKernels(kernels);
}

/** Registers JavaScript kernels on wasm and cpu (a name already registered is left alone). */
export function registerJsKernels(kernels: Record<string, KernelBody>): void {
  for (const [kernelName, body] of Object.entries(kernels)) {
    for (const backendName of ['wasm', 'cpu'] as const) {
      if (tf.getKernel(kernelName, backendName)) continue;
      tf.registerKernel({
        kernelName,
        backendName,
        kernelFunc: (args) => body(memories[backendName](args.backend), args.inputs as Record<string, tf.TensorInfo>, args.attrs as never, backendName === 'wasm'),
      });
    }
  }
}

/** Whether the running backend has these kernels (wasm and cpu do; tfjs-node uses the tensor-op fallbacks). */
export function sequenceKernelsAvailable(): boolean {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') return false;
  registerSequenceKernels();
  return true;
}

export function runSequenceKernel(name: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor | tf.Tensor[] {
  return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
}
