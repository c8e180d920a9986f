import { createRequire } from 'node:module';
import { simdSupport } from './simd/kernels.js';

// No tfjs here: a worker's main process describes the backend its training threads will start
// (for its heartbeat and the Workers page) without loading a tensor library itself.

const require = createRequire(import.meta.url);

/** What trains on this worker: the tensor backend and, for wasm, what the engine gives it. */
export interface BackendDescription {
  /** 'wasm' (SIMD kernels), 'cpu' (plain JS), 'node' (tfjs-node, native CPU) or 'gpu' (tfjs-node-gpu, CUDA). */
  kind: 'wasm' | 'cpu' | 'node' | 'gpu';
  /** wasm SIMD-128 (only meaningful for wasm). */
  simd: boolean;
  /** Fused multiply-add through relaxed SIMD (only meaningful for wasm). */
  fma: boolean;
}

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The backend `initBackend(preferred)` will select: the forced one, or a native one when installed
 * (gpu before node), otherwise wasm.
 */
export function describeBackend(preferred?: 'wasm' | 'cpu' | 'tensorflow'): BackendDescription {
  const native = installed('@tensorflow/tfjs-node-gpu') ? 'gpu' : installed('@tensorflow/tfjs-node') ? 'node' : null;
  const kind = preferred === 'tensorflow' ? (native ?? 'node') : preferred ?? native ?? 'wasm';
  const { simd, fma } = kind === 'wasm' ? simdSupport() : { simd: false, fma: false };
  return { kind, simd, fma };
}
