import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './backend-shapes.js';
import { copyRows } from './heap-arrays.js';
import { wasmSimd, type WasmSimd } from './simd/index.js';

/**
 * Matrix products on the SIMD kernel of ./simd, for every shape: the kernel works in blocks of 2
 * rows × 16 columns and reads its operands plain, so an odd row count, a column count that is not
 * a multiple of 16, or a transposed operand first gets a padded or transposed copy on the heap
 * (copies are O(m·k + k·n + m·n) against the product's O(m·k·n); a 256×403 layer pads to 416
 * columns). tfjs' own wasm product (XNNPACK) packs its right operand on every call whose operand
 * is new, which in training is every call, and runs ~3x slower than this one with FMA.
 */

export interface ProductOptions {
  /** A is stored [k, m]. */
  transposeA?: boolean;
  /** B is stored [n, k]. */
  transposeB?: boolean;
  /** Heap address of n biases added to every row; 0 for none. */
  bias?: number;
  relu?: boolean;
}

/**
 * Writes the transpose of the rows × cols float32 matrix at `x` into `out` as cols rows of
 * `outStride` floats: 4×4 blocks by the SIMD kernel, the edge rows and columns in JavaScript.
 */
export function transposeOnHeap(simd: WasmSimd, x: number, rows: number, cols: number, out: number, outStride = rows): void {
  const [rows4, cols4] = [rows & ~3, cols & ~3];
  if (rows4 > 0 && cols4 > 0) simd.kernels.transpose4(x, rows4, cols4, cols, out, outStride);
  if (rows4 === rows && cols4 === cols) return;
  const v = simd.floats(x, rows * cols);
  const o = simd.floats(out, (cols - 1) * outStride + rows);
  for (let i = 0; i < rows4; i++) for (let j = cols4; j < cols; j++) o[j * outStride + i] = v[i * cols + j];
  for (let i = rows4; i < rows; i++) for (let j = 0; j < cols; j++) o[j * outStride + i] = v[i * cols + j];
}

const paddedRows = (m: number) => m + (m & 1);
const paddedColumns = (n: number) => (n + 15) & ~15;

/** out[m × n] = A·B (+ bias, ReLU), all addresses on the wasm heap. */
export function multiplyOnHeap(simd: WasmSimd, a: number, b: number, out: number, m: number, k: number, n: number, options: ProductOptions = {}): void {
  const { transposeA = false, transposeB = false, bias = 0, relu = false } = options;
  const [mp, np] = [paddedRows(m), paddedColumns(n)];
  const copyA = transposeA || mp !== m;
  const copyB = transposeB || np !== n;
  const padC = mp !== m || np !== n;
  const padBias = bias !== 0 && np !== n;
  const allocated: number[] = [];
  const allocate = (floats: number) => {
    allocated.push(simd.malloc(floats * 4));
    return allocated[allocated.length - 1];
  };
  try {
    // Allocate first: an allocation may grow the heap, which detaches the views taken below.
    const scratch = {
      a: copyA ? allocate(mp * k) : a,
      b: copyB ? allocate(k * np) : b,
      c: padC ? allocate(mp * np) : out,
      bias: padBias ? allocate(np) : bias,
    };
    if (copyA) {
      const dst = simd.floats(scratch.a, mp * k);
      if (transposeA) transposeOnHeap(simd, a, k, m, scratch.a);
      else dst.set(simd.floats(a, m * k));
      dst.fill(0, m * k);
    }
    if (copyB) {
      const dst = simd.floats(scratch.b, k * np);
      if (transposeB) transposeOnHeap(simd, b, n, k, scratch.b, np);
      else copyRows(simd.floats(b, k * n), 0, n, dst, 0, np, k, n);
      if (np !== n) for (let r = 0; r < k; r++) dst.fill(0, r * np + n, r * np + np);
    }
    if (padBias) {
      const dst = simd.floats(scratch.bias, np);
      dst.set(simd.floats(bias, n));
      dst.fill(0, n);
    }
    simd.kernels.matmul(scratch.a, scratch.b, scratch.c, mp, k, np, scratch.bias, relu ? 1 : 0);
    if (padC) copyRows(simd.floats(scratch.c, mp * np), 0, np, simd.floats(out, m * n), 0, n, m, n);
  } finally {
    for (const pointer of allocated) simd.free(pointer);
  }
}

/** Rows and columns of a matrix given as [r, c] or [1, r, c]; null for real batches. */
function matrixShape(shape: number[]): [number, number] | null {
  if (shape.length === 2) return [shape[0], shape[1]];
  if (shape.length === 3 && shape[0] === 1) return [shape[1], shape[2]];
  return null;
}

/** The [m, k, n] of a float32 product of single matrices, else null (batches of matrices, other dtypes). */
function productDims(a: tf.TensorInfo, b: tf.TensorInfo, attrs: tf.NamedAttrMap | undefined): [number, number, number] | null {
  const left = matrixShape(a.shape);
  const right = matrixShape(b.shape);
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || !left || !right || a.shape.length !== b.shape.length) return null;
  const [m, k] = attrs?.transposeA ? [left[1], left[0]] : left;
  const [k2, n] = attrs?.transposeB ? [right[1], right[0]] : right;
  return k === k2 && m > 0 && k > 0 && n > 0 ? [m, k, n] : null;
}

function productOutput(args: Parameters<tf.KernelFunc>[0], a: tf.TensorInfo, m: number, n: number): tf.TensorInfo {
  return (args.backend as unknown as WasmBackendLike).makeOutput(a.shape.length === 3 ? [1, m, n] : [m, n], 'float32');
}

/**
 * The [batch, m, k, n] of a float32 product of two equal batches of matrices ([batch, r, c] each,
 * no broadcasting), else null.
 */
function batchedProductDims(a: tf.TensorInfo, b: tf.TensorInfo, attrs: tf.NamedAttrMap | undefined): [number, number, number, number] | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== b.shape[0]) return null;
  const [m, k] = attrs?.transposeA ? [a.shape[2], a.shape[1]] : [a.shape[1], a.shape[2]];
  const [k2, n] = attrs?.transposeB ? [b.shape[2], b.shape[1]] : [b.shape[1], b.shape[2]];
  return k === k2 && a.shape[0] > 0 && m > 0 && k > 0 && n > 0 ? [a.shape[0], m, k, n] : null;
}

/**
 * BatchMatMul on the SIMD product: a single matrix directly, an equal batch of matrices (attention's
 * per-head products) one product per matrix. tfjs' wasm kernel builds an XNNPACK operator, packing
 * the right operand, for every matrix of a batch: 256 heads of 64×16·16×64 took ~45 ms a call.
 * Broadcast batches keep tfjs' kernel.
 */
export function batchMatMulKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
    const simd = wasmSimd();
    if (!simd) return original(args);
    const options = { transposeA: Boolean(args.attrs?.transposeA), transposeB: Boolean(args.attrs?.transposeB) };
    const dims = productDims(a, b, args.attrs);
    if (dims) {
      const [m, k, n] = dims;
      const out = productOutput(args, a, m, n);
      multiplyOnHeap(simd, simd.address(a), simd.address(b), simd.address(out), m, k, n, options);
      return out;
    }
    const batched = batchedProductDims(a, b, args.attrs);
    if (!batched) return original(args);
    const [batch, m, k, n] = batched;
    const out = (args.backend as unknown as WasmBackendLike).makeOutput([batch, m, n], 'float32');
    const [pa, pb, po] = [simd.address(a), simd.address(b), simd.address(out)];
    for (let i = 0; i < batch; i++) multiplyOnHeap(simd, pa + i * m * k * 4, pb + i * k * n * 4, po + i * m * n * 4, m, k, n, options);
    return out;
  };
}

/** A product + bias + ReLU (a dense layer's forward) in one pass of the SIMD product; other activations keep tfjs' kernel. */
export function fusedMatMulKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as unknown as Record<string, tf.TensorInfo | undefined>;
    const activation = (args.attrs?.activation as string | undefined) ?? 'linear';
    const simd = wasmSimd();
    const dims = simd && a && b ? productDims(a, b, args.attrs) : null;
    const n = dims?.[2] ?? 0;
    const plainBias = !bias || (bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === n && bias.shape[bias.shape.length - 1] === n);
    if (!simd || !dims || !a || !b || preluActivationWeights || !plainBias || (activation !== 'linear' && activation !== 'relu')) {
      return original(args);
    }
    const [m, k] = dims;
    const out = productOutput(args, a, m, n);
    multiplyOnHeap(simd, simd.address(a), simd.address(b), simd.address(out), m, k, n, {
      transposeA: Boolean(args.attrs?.transposeA), transposeB: Boolean(args.attrs?.transposeB),
      bias: bias ? simd.address(bias) : 0, relu: activation === 'relu',
    });
    return out;
  };
}
