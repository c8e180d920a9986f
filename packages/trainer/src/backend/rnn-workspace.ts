import * as tf from '@tensorflow/tfjs-core';
import type { CpuBackendLike, WasmBackendLike } from './backend-shapes.js';
import { copyRows } from './heap-arrays.js';
import { wasmSimd, type WasmSimd } from './simd/index.js';
import { transposeOnHeap } from './simd-product.js';

/**
 * The memory of one recurrent kernel call (backend/rnn-kernels.ts): output tensors and scratch
 * buffers on the wasm heap, where the SIMD product reads them in place, or JavaScript arrays on
 * the cpu backend, where a plain loop multiplies. Matrices the per-step products read are laid out
 * padded once per call (rows to even, columns to a multiple of 16), as the SIMD product needs.
 */

export const paddedRows = (m: number) => m + (m & 1);
export const paddedColumns = (n: number) => (n + 15) & ~15;

/** Output tensors and scratch buffers of one kernel call, on the wasm heap or in JavaScript arrays. */
export interface Workspace {
  output(shape: number[]): tf.TensorInfo;
  /** A zeroed scratch buffer; its view is valid after `views()`. */
  scratch(floats: number): number;
  /** Views of tensors and scratch buffers, taken once every allocation is done. */
  view(t: tf.TensorInfo | number): Float32Array;
  /** Int or float values of an input (the mask). */
  values(t: tf.TensorInfo): Float32Array | Int32Array;
  /** c[mp × np] = a[mp × k]·b[k × np] (+ bias[np]), all scratch or tensor buffers laid out padded. */
  product(a: number, b: number, c: number, mp: number, k: number, np: number, bias: number): void;
  address(t: tf.TensorInfo): number;
  release(): void;
  simd: WasmSimd | null;
}

function wasmWorkspace(backend: WasmBackendLike, simd: WasmSimd): Workspace {
  const pointers: number[] = [];
  const sizes = new Map<number, number>();
  return {
    simd,
    output: (shape) => {
      const info = backend.makeOutput(shape, 'float32');
      backend.typedArrayFromHeap(info).fill(0);
      return info;
    },
    scratch: (floats) => {
      const pointer = simd.malloc(Math.max(1, floats) * 4);
      pointers.push(pointer);
      sizes.set(pointer, floats);
      simd.floats(pointer, floats).fill(0);
      return pointer;
    },
    view: (t) => (typeof t === 'number' ? simd.floats(t, sizes.get(t) as number) : (backend.typedArrayFromHeap(t) as Float32Array)),
    values: (t) => backend.typedArrayFromHeap(t) as Float32Array | Int32Array,
    product: (a, b, c, mp, k, np, bias) => simd.kernels.matmul(a, b, c, mp, k, np, bias, 0),
    address: (t) => simd.address(t),
    release: () => { for (const p of pointers) simd.free(p); },
  };
}

function cpuWorkspace(backend: CpuBackendLike): Workspace {
  // Scratch buffers and tensors are addressed by small integer handles into this table.
  const buffers: Float32Array[] = [];
  const handles = new Map<object, number>();
  const handle = (array: Float32Array) => { buffers.push(array); return buffers.length - 1; };
  const tensorValues = (t: tf.TensorInfo) => backend.data.get(t.dataId)?.values as Float32Array;
  return {
    simd: null,
    output: (shape) => backend.makeTensorInfo(shape, 'float32', new Float32Array(tf.util.sizeFromShape(shape))),
    scratch: (floats) => handle(new Float32Array(floats)),
    view: (t) => (typeof t === 'number' ? buffers[t] : tensorValues(t)),
    values: (t) => backend.data.get(t.dataId)?.values as Float32Array | Int32Array,
    product: (a, b, c, mp, k, np, bias) => {
      const [A, B, C] = [buffers[a], buffers[b], buffers[c]];
      const bv = bias >= 0 ? buffers[bias] : null;
      for (let i = 0; i < mp; i++) {
        const row = i * np;
        if (bv) for (let j = 0; j < np; j++) C[row + j] = bv[j];
        else C.fill(0, row, row + np);
        for (let p = 0; p < k; p++) {
          const av = A[i * k + p];
          if (av === 0) continue;
          const br = p * np;
          for (let j = 0; j < np; j++) C[row + j] += av * B[br + j];
        }
      }
    },
    address: (t) => {
      let h = handles.get(t.dataId);
      if (h === undefined) { h = handle(tensorValues(t)); handles.set(t.dataId, h); }
      return h;
    },
    release: () => undefined,
  };
}

export function workspace(backend: unknown, onWasm: boolean): Workspace {
  const simd = onWasm ? wasmSimd() : null;
  if (onWasm && !simd) throw new Error('the recurrent kernels need the wasm backend with SIMD');
  return simd ? wasmWorkspace(backend as WasmBackendLike, simd) : cpuWorkspace(backend as CpuBackendLike);
}

/** A [rows, cols] matrix copied to a padded [rows, paddedCols] scratch buffer (or transposed first). */
export function paddedCopy(ws: Workspace, source: tf.TensorInfo, rows: number, cols: number, paddedCols: number, transpose: boolean): number {
  const out = ws.scratch(rows * paddedCols);
  if (ws.simd && transpose) {
    transposeOnHeap(ws.simd, ws.address(source), cols, rows, out, paddedCols);
    return out;
  }
  const src = ws.view(source);
  const dst = ws.view(out);
  if (transpose) {
    for (let i = 0; i < cols; i++) for (let j = 0; j < rows; j++) dst[j * paddedCols + i] = src[i * rows + j];
  } else {
    copyRows(src, 0, cols, dst, 0, paddedCols, rows, cols);
  }
  return out;
}

