import * as tf from '@tensorflow/tfjs-core';
import { instantiateSimdKernels, type SimdKernels } from './kernels.js';

interface WasmBackendInternals {
  wasm: { asm: { memory: WebAssembly.Memory }; _malloc(bytes: number): number; _free(pointer: number): void };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
}

/** The SIMD kernels bound to the running wasm backend's heap, with its allocator and tensor addresses. */
export interface WasmSimd {
  kernels: SimdKernels;
  /** Whether the products use fused multiply-add (relaxed SIMD). */
  fused: boolean;
  /** Byte offset of a tensor's data in the heap. */
  address(t: tf.TensorInfo): number;
  malloc(bytes: number): number;
  free(pointer: number): void;
  /** A float32 view of the heap (stale once the heap grows: take it right before use). */
  floats(pointer: number, length: number): Float32Array;
}

let bound: { backend: object; simd: WasmSimd | null } | null = null;

/** The kernels for the current backend: null unless it is wasm and the engine validates SIMD code. */
export function wasmSimd(): WasmSimd | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend();
  if (bound?.backend === backend) return bound.simd;
  const internals = backend as unknown as WasmBackendInternals;
  const memory = internals.wasm?.asm?.memory;
  const instance = memory instanceof WebAssembly.Memory ? instantiateSimdKernels(memory) : null;
  const simd: WasmSimd | null = instance && {
    kernels: instance.kernels,
    fused: instance.fused,
    address: (t) => {
      const data = internals.dataIdMap.get(t.dataId);
      if (!data) throw new Error('the tensor has no data on the wasm heap');
      return data.memoryOffset;
    },
    malloc: (bytes) => internals.wasm._malloc(bytes),
    free: (pointer) => internals.wasm._free(pointer),
    floats: (pointer, length) => new Float32Array(memory.buffer, pointer, length),
  };
  bound = { backend, simd };
  return simd;
}
