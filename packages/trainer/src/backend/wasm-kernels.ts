import * as tf from '@tensorflow/tfjs-core';
import { wasmSimd } from './simd/index.js';
import type { WasmBackendLike } from './backend-shapes.js';
import { copyRows, transposeInto } from './heap-arrays.js';
import { batchMatMulKernel, fusedMatMulKernel, transposeOnHeap } from './simd-product.js';

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
 * - BatchMatMul and _FusedMatMul of single matrices: the SIMD product of ./simd-product.ts.
 * - 2-D Transpose: ~2.9 ns per element in wasm, ~1.2 in a blocked JavaScript loop, ~0.4 in the
 *   4×4 lane shuffles of ./simd.
 * - Identity (tfjs clones every tensor a gradient saves, e.g. the input, weights and output of
 *   each dense layer): wasm copies the data, ~60 µs for 256×256; sharing it, as the cpu backend
 *   does, is free. Safe because no kernel writes into an input (weights change by getting a new
 *   buffer: backend/tensor-memory.ts).
 */

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
    // Every output first: an allocation may grow the heap, which detaches views taken before it.
    const outs = sizes.map((s) => {
      const shape = [...x.shape];
      shape[axis] = s;
      return backend.makeOutput(shape, x.dtype);
    });
    const xVals = backend.typedArrayFromHeap(x);
    let offset = 0;
    outs.forEach((out, i) => {
      const w = sizes[i] * innerUnit;
      copyRows(xVals, offset, total, backend.typedArrayFromHeap(out), 0, w, outer, w);
      offset += w;
    });
    return outs;
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

function transposeKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as unknown as { x: tf.TensorInfo }).x;
    const backend = args.backend as unknown as WasmBackendLike;
    const perm = args.attrs?.perm as number[];
    if (x.shape.length !== 2 || perm[0] !== 1 || x.dtype === 'string') return original(args);
    const [rows, cols] = x.shape;
    const out = backend.makeOutput([cols, rows], x.dtype);
    const simd = wasmSimd();
    if (simd && x.dtype === 'float32') transposeOnHeap(simd, simd.address(x), rows, cols, simd.address(out));
    else transposeInto(backend.typedArrayFromHeap(x), rows, cols, backend.typedArrayFromHeap(out));
    return out;
  };
}

/** Identity as a second reference to the same data. */
function identityKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as unknown as { x: tf.TensorInfo }).x;
    if (x.dtype === 'string') return original(args);
    (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

const overrides: Record<string, (original: tf.KernelFunc) => tf.KernelFunc> = {
  Identity: identityKernel,
  BatchMatMul: batchMatMulKernel,
  _FusedMatMul: fusedMatMulKernel,
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
