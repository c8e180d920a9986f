import * as tf from '@tensorflow/tfjs-core';

/**
 * Faster wasm kernels for Concat, Slice and SplitV. tfjs-backend-wasm implements both in JavaScript
 * with one `subarray` + `set` per row and input, which allocates a view per call: a concat of
 * a dozen encoder outputs over a 256-row batch costs ~4 ms, more than the model's matrix
 * products. Narrow blocks are copied with plain loops instead; wide ones keep `set`.
 */

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

const WIDE = 64;

function copyBlock(src: ArrayLike<number>, srcStart: number, dst: Float32Array | Int32Array | Uint8Array, dstStart: number, n: number): void {
  if (n >= WIDE && 'subarray' in src) {
    dst.set((src as Float32Array).subarray(srcStart, srcStart + n), dstStart);
  } else {
    for (let j = 0; j < n; j++) dst[dstStart + j] = src[srcStart + j];
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
      for (let b = 0; b < outer; b++) copyBlock(vals, b * w, outVals, b * total + offset, w);
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
    for (let i = 0; i < size[0]; i++) copyBlock(xVals, (begin[0] + i) * stride + begin[1], outVals, i * size[1], size[1]);
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
      for (let b = 0; b < outer; b++) copyBlock(xVals, b * total + offset, outVals, b * w, w);
      offset += w;
      return out;
    });
  };
}

const overrides: Record<string, (original: tf.KernelFunc) => tf.KernelFunc> = { Concat: concatKernel, Slice: sliceKernel, SplitV: splitVKernel };

let installed = false;

/** Replaces the wasm backend's Concat, Slice and SplitV with the faster versions above (once per process). */
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
