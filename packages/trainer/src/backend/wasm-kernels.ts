import * as tf from '@tensorflow/tfjs-core';
import { wasmSimd } from './simd/index.js';
import type { WasmBackendLike } from './backend-shapes.js';

/**
 * Faster versions of wasm kernels that training calls on every step, each measured on a
 * 256-row batch:
 * - Concat, Slice and SplitV: tfjs-backend-wasm copies with one `subarray` + `set` per row and
 *   input, allocating a view per call (a concat of a dozen encoder outputs cost ~4 ms). Narrow
 *   blocks are copied with plain loops; wide ones keep `set`.
 * - Sum and Mean over the leading axis (bias and batch-norm gradients, batch statistics): wasm
 *   transposes, then reduces, ~210 µs for 256×256; column sums take ~25 µs in JavaScript and less
 *   with the SIMD kernel of ./simd. (A
 *   product with a row of ones is no faster: XNNPACK repacks a new right operand, ~2.3 ns per
 *   element, and gradients are always new.)
 * - GatherV2 on axis 0 (embedding lookups): ~300 µs for 256 rows of a 51×50 table, ~10 µs as
 *   row copies.
 * - BatchMatMul of plain matrices: XNNPACK repacks B on every call whose B is new (every call in
 *   training), ~20% of a 256×256×256 product; the SIMD kernel of ./simd reads B as it is.
 * - 2-D Transpose (the explicit transposes of the dense gradient): ~2.9 ns per element in wasm,
 *   ~1.2 in a blocked JavaScript loop.
 */

const WIDE = 64;

type HeapArray = Float32Array | Int32Array | Uint8Array;

/**
 * Copies `rows` runs of `width` elements between strided positions. Float32 gets its own
 * monomorphic loop (a loop shared by every array type runs ~5x slower); wide runs use `set`.
 */
function copyRows(src: HeapArray, srcStart: number, srcStride: number, dst: HeapArray, dstStart: number, dstStride: number, rows: number, width: number): void {
  if (src instanceof Float32Array && dst instanceof Float32Array) {
    copyRowsFloat32(src, srcStart, srcStride, dst, dstStart, dstStride, rows, width);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const s = srcStart + r * srcStride;
    const d = dstStart + r * dstStride;
    if (width >= WIDE) dst.set(src.subarray(s, s + width), d);
    else for (let j = 0; j < width; j++) dst[d + j] = src[s + j];
  }
}

function copyRowsFloat32(src: Float32Array, srcStart: number, srcStride: number, dst: Float32Array, dstStart: number, dstStride: number, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    const s = srcStart + r * srcStride;
    const d = dstStart + r * dstStride;
    if (width >= WIDE) dst.set(src.subarray(s, s + width), d);
    else for (let j = 0; j < width; j++) dst[d + j] = src[s + j];
  }
}

function concatKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    const backend = args.backend as unknown as WasmBackendLike;
    const dtype = inputs[0]?.dtype;
    if (!inputs.length || dtype === 'string' || inputs.some((t) => t.dtype !== dtype)) return original(args);
    const axis = tf.util.parseAxisParam(args.attrs?.axis as number, inputs[0].shape)[0];
    const present = inputs.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
    if (present.length < 2) return original(args);
    const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const out = backend.makeOutput(outShape, dtype);
    const outVals = backend.typedArrayFromHeap(out);
    const outer = tf.util.sizeFromShape(present[0].shape.slice(0, axis));
    const inner = present.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const total = inner.reduce((a, b) => a + b, 0);
    let offset = 0;
    present.forEach((t, i) => {
      const vals = backend.typedArrayFromHeap(t);
      const w = inner[i];
      copyRows(vals, 0, w, outVals, offset, total, outer, w);
      offset += w;
    });
    return out;
  };
}

function sliceKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as unknown as { x: tf.TensorInfo }).x;
    const backend = args.backend as unknown as WasmBackendLike;
    if (x.shape.length !== 2 || x.dtype === 'string') return original(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs?.begin as number[], args.attrs?.size as number[]);
    if (tf.slice_util.isSliceContinous(x.shape, begin, size)) return original(args);
    const out = backend.makeOutput(size, x.dtype);
    const outVals = backend.typedArrayFromHeap(out);
    const xVals = backend.typedArrayFromHeap(x);
    const stride = x.shape[1];
    copyRows(xVals, begin[0] * stride + begin[1], stride, outVals, 0, size[1], size[0], size[1]);
    return out;
  };
}

/** SplitV (the gradient of a concat) as column copies, instead of one slow Slice per part. */
function splitVKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as unknown as { x: tf.TensorInfo }).x;
    const backend = args.backend as unknown as WasmBackendLike;
    if (x.dtype === 'string') return original(args);
    const axis = tf.util.parseAxisParam(args.attrs?.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs?.numOrSizeSplits as number[] | number, axis);
    const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
    const innerUnit = tf.util.sizeFromShape(x.shape.slice(axis + 1));
    const total = x.shape[axis] * innerUnit;
    const xVals = backend.typedArrayFromHeap(x);
    let offset = 0;
    return sizes.map((s) => {
      const shape = [...x.shape];
      shape[axis] = s;
      const out = backend.makeOutput(shape, x.dtype);
      const outVals = backend.typedArrayFromHeap(out);
      const w = s * innerUnit;
      copyRows(xVals, offset, total, outVals, 0, w, outer, w);
      offset += w;
      return out;
    });
  };
}

let columnTotals = new Float64Array(0);

/** Column sums of an n × width row-major block, 8 rows at a time (double-precision totals). */
function sumColumns(x: ArrayLike<number>, n: number, width: number, out: Float32Array, scale: number): void {
  if (columnTotals.length < width) columnTotals = new Float64Array(width);
  const acc = columnTotals;
  acc.fill(0, 0, width);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const base = i * width;
    for (let j = 0; j < width; j++) {
      const b = base + j;
      acc[j] += ((x[b] + x[b + width]) + (x[b + 2 * width] + x[b + 3 * width]))
        + ((x[b + 4 * width] + x[b + 5 * width]) + (x[b + 6 * width] + x[b + 7 * width]));
    }
  }
  for (; i < n; i++) {
    const base = i * width;
    for (let j = 0; j < width; j++) acc[j] += x[base + j];
  }
  for (let j = 0; j < width; j++) out[j] = acc[j] * scale;
}

/** Sum or Mean over leading axes as column sums in JavaScript. */
function leadingAxisReduction(mean: boolean) {
  return (original: tf.KernelFunc): tf.KernelFunc => (args) => {
    const x = (args.inputs as unknown as { x: tf.TensorInfo }).x;
    const backend = args.backend as unknown as WasmBackendLike;
    const axes = tf.util.parseAxisParam(args.attrs?.axis as number | number[], x.shape);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return original(args);
    const n = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
    const rest = x.shape.slice(axes.length);
    if (n === 0) return original(args);
    const out = backend.makeOutput(args.attrs?.keepDims ? [...axes.map(() => 1), ...rest] : rest, 'float32');
    const width = tf.util.sizeFromShape(rest);
    const simd = wasmSimd();
    if (simd) simd.kernels.columnSums(simd.address(x), n, width, simd.address(out), mean ? 1 / n : 1);
    else sumColumns(backend.typedArrayFromHeap(x), n, width, backend.typedArrayFromHeap(out) as Float32Array, mean ? 1 / n : 1);
    return out;
  };
}

/** GatherV2 along axis 0 (no batch dims) as row copies. */
function gatherKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as unknown as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const backend = args.backend as unknown as WasmBackendLike;
    const axis = tf.util.parseAxisParam(args.attrs?.axis as number, x.shape)[0];
    if (axis !== 0 || (args.attrs?.batchDims as number) || x.dtype === 'string' || x.shape.length < 1) return original(args);
    const rows = x.shape[0];
    const width = tf.util.sizeFromShape(x.shape.slice(1));
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const outVals = backend.typedArrayFromHeap(out);
    const xVals = backend.typedArrayFromHeap(x);
    const index = backend.typedArrayFromHeap(indices);
    for (let k = 0; k < index.length; k++) {
      const r = index[k];
      if (!(r >= 0 && r < rows)) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
      }
      copyRows(xVals, r * width, 0, outVals, k * width, 0, 1, width);
    }
    return out;
  };
}

const TILE = 8;

/** A matrix transpose in tiles of 8 rows, so each output run is written contiguously. */
function transposeKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as unknown as { x: tf.TensorInfo }).x;
    const backend = args.backend as unknown as WasmBackendLike;
    const perm = args.attrs?.perm as number[];
    if (x.shape.length !== 2 || perm[0] !== 1 || x.dtype === 'string') return original(args);
    const [rows, cols] = x.shape;
    const out = backend.makeOutput([cols, rows], x.dtype);
    const o = backend.typedArrayFromHeap(out);
    const v = backend.typedArrayFromHeap(x);
    const fullTiles = rows - (rows % TILE);
    for (let i0 = 0; i0 < fullTiles; i0 += TILE) {
      for (let j = 0; j < cols; j++) {
        const base = j * rows + i0;
        const src = i0 * cols + j;
        o[base] = v[src];
        o[base + 1] = v[src + cols];
        o[base + 2] = v[src + 2 * cols];
        o[base + 3] = v[src + 3 * cols];
        o[base + 4] = v[src + 4 * cols];
        o[base + 5] = v[src + 5 * cols];
        o[base + 6] = v[src + 6 * cols];
        o[base + 7] = v[src + 7 * cols];
      }
    }
    for (let i = fullTiles; i < rows; i++) for (let j = 0; j < cols; j++) o[j * rows + i] = v[i * cols + j];
    return out;
  };
}

/** Rows and columns of a matrix given as [r, c] or [1, r, c]; null for real batches. */
function matrixShape(shape: number[]): [number, number] | null {
  if (shape.length === 2) return [shape[0], shape[1]];
  if (shape.length === 3 && shape[0] === 1) return [shape[1], shape[2]];
  return null;
}

/**
 * Products whose shapes suit the SIMD kernels (M % 2 = 0, N % 16 = 0; A plain or transposed, B
 * plain) run there, reading B unpacked; the rest keep tfjs' kernel.
 */
function batchMatMulKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
    const backend = args.backend as unknown as WasmBackendLike;
    const simd = wasmSimd();
    const left = matrixShape(a.shape);
    const right = matrixShape(b.shape);
    const transposeA = Boolean(args.attrs?.transposeA);
    if (!simd || args.attrs?.transposeB || a.dtype !== 'float32' || b.dtype !== 'float32'
      || !left || !right || a.shape.length !== b.shape.length) return original(args);
    const [m, k] = transposeA ? [left[1], left[0]] : left;
    const [k2, n] = right;
    if (k !== k2 || m === 0 || n === 0 || k === 0 || m % 2 !== 0 || n % 16 !== 0) return original(args);
    const out = backend.makeOutput(a.shape.length === 3 ? [1, m, n] : [m, n], 'float32');
    const product = transposeA ? simd.kernels.matmulTransposedA : simd.kernels.matmul;
    product(simd.address(a), simd.address(b), simd.address(out), m, k, n);
    return out;
  };
}

const overrides: Record<string, (original: tf.KernelFunc) => tf.KernelFunc> = {
  BatchMatMul: batchMatMulKernel,
  Concat: concatKernel,
  Slice: sliceKernel,
  SplitV: splitVKernel,
  Sum: leadingAxisReduction(false),
  Mean: leadingAxisReduction(true),
  GatherV2: gatherKernel,
  Transpose: transposeKernel,
};

let installed = false;

/** Replaces the wasm backend's kernels listed above with the faster versions (once per process). */
export function installFastWasmKernels(): void {
  if (installed) return;
  installed = true;
  for (const [kernelName, wrap] of Object.entries(overrides)) {
    const config = tf.getKernel(kernelName, 'wasm');
    if (!config) continue;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: wrap(config.kernelFunc) });
  }
}
