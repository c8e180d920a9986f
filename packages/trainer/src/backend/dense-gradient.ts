import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './backend-shapes.js';
import { wasmSimd } from './simd/index.js';
import { multiplyOnHeap } from './simd-product.js';

/**
 * Every gradient of a dense layer y = act(x·W + b) in one kernel on wasm: g = dy masked by the
 * ReLU, dW = xᵀ·g, db = column sums of g, dx = g·Wᵀ. Run as separate tfjs ops these are seven
 * kernel calls per layer (step, multiply, transpose, two products, sum, zeros), whose engine
 * bookkeeping costs as much as the arithmetic outside the products; here the intermediates live
 * on the wasm heap only for the call.
 */
export const DENSE_GRADIENT = 'OvertureDenseGradient';

export interface DenseGradientAttrs {
  relu: boolean;
  bias: boolean;
  /** False when x is data: dx comes back as zeros without a product. */
  inputGradient: boolean;
}

/** Whether dense layers run as one kernel each way here: the wasm backend with its SIMD kernels (the forward _FusedMatMul and this gradient). */
export function denseKernelsAvailable(): boolean {
  return tf.getBackend() === 'wasm' && wasmSimd() !== null && tf.getKernel(DENSE_GRADIENT, 'wasm') !== undefined;
}

/** [dx, dW] or [dx, dW, db] for inputs x [batch, in], W [in, out], y and dy [batch, out]. */
function denseGradient(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { x, w, y, dy } = args.inputs as unknown as Record<'x' | 'w' | 'y' | 'dy', tf.TensorInfo>;
  const { relu, bias, inputGradient } = args.attrs as unknown as DenseGradientAttrs;
  const backend = args.backend as unknown as WasmBackendLike;
  const simd = wasmSimd();
  if (!simd) throw new Error(`${DENSE_GRADIENT} needs the wasm backend with SIMD`);
  const [batch, inSize] = x.shape;
  const outSize = w.shape[1];
  const dx = backend.makeOutput([batch, inSize], 'float32');
  const dw = backend.makeOutput([inSize, outSize], 'float32');
  const db = bias ? backend.makeOutput([outSize], 'float32') : null;
  const masked = relu ? simd.malloc(batch * outSize * 4) : 0;
  try {
    if (relu) simd.kernels.reluGradient(simd.address(dy), simd.address(y), masked, batch * outSize);
    const g = relu ? masked : simd.address(dy);
    multiplyOnHeap(simd, simd.address(x), g, simd.address(dw), inSize, batch, outSize, { transposeA: true });
    if (db) simd.kernels.columnSums(g, batch, outSize, simd.address(db), 1);
    if (inputGradient) multiplyOnHeap(simd, g, simd.address(w), simd.address(dx), batch, outSize, inSize, { transposeB: true });
    else simd.floats(simd.address(dx), batch * inSize).fill(0);
  } finally {
    if (masked) simd.free(masked);
  }
  return db ? [dx, dw, db] : [dx, dw];
}

export function registerDenseGradientKernel(): void {
  if (tf.getKernel(DENSE_GRADIENT, 'wasm')) return;
  tf.registerKernel({ kernelName: DENSE_GRADIENT, backendName: 'wasm', kernelFunc: denseGradient as unknown as tf.KernelFunc });
}
