import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import './register-gradients.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OvertureError } from '@overture/config';
import { installFastWasmKernels } from './wasm-kernels.js';
import { registerDenseGradientKernel } from './dense-gradient.js';

export const backendNames = ['wasm', 'cpu', 'tensorflow'] as const;
export type BackendName = (typeof backendNames)[number];

const require = createRequire(import.meta.url);

/**
 * The .wasm binaries ship inside @tensorflow/tfjs-backend-wasm. setWasmPaths takes a prefix
 * (trailing slash required) and must be absolute: a relative one breaks from another cwd
 * and tfjs then silently falls back to the cpu backend.
 */
function wasmDirectory(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}

/** tfjs-node / tfjs-node-gpu register the 'tensorflow' backend when installed; they are optional. */
async function tryNativeBackend(): Promise<boolean> {
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(name);
      return true;
    } catch {
      // not installed here
    }
  }
  return false;
}

/**
 * The wasm module (Emscripten) installs process handlers that rethrow every uncaught error,
 * which makes Node print its whole minified source line; errors belong to our own handlers.
 */
function removeEmscriptenHandlers(before: { uncaught: Function[]; rejection: Function[] }): void {
  for (const l of process.listeners('uncaughtException')) if (!before.uncaught.includes(l)) process.removeListener('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) if (!before.rejection.includes(l)) process.removeListener('unhandledRejection', l);
}

let active: BackendName | null = null;

/**
 * Selects the tensor backend once per process. With no preference, a native backend is used
 * when installed, otherwise wasm. A forced backend that cannot start is an error, never a
 * silent fallback.
 */
export async function initBackend(preferred?: BackendName): Promise<BackendName> {
  if (active && (!preferred || preferred === active)) return active;
  let wanted: BackendName = preferred ?? 'wasm';
  if (!preferred && (await tryNativeBackend())) wanted = 'tensorflow';
  if (wanted === 'tensorflow' && preferred && !(await tryNativeBackend())) {
    throw new OvertureError('unsupported', "backend 'tensorflow' needs @tensorflow/tfjs-node (or -gpu) installed");
  }
  if (wanted === 'wasm') {
    setWasmPaths(wasmDirectory());
    installFastWasmKernels();
    registerDenseGradientKernel();
  }
  const before = { uncaught: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
  const ok = await tf.setBackend(wanted);
  await tf.ready();
  removeEmscriptenHandlers(before);
  if (!ok || tf.getBackend() !== wanted) {
    throw new OvertureError('internal', `could not start the '${wanted}' tensor backend (got '${tf.getBackend()}')`);
  }
  active = wanted;
  return active;
}

export function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '') return undefined;
  if ((backendNames as readonly string[]).includes(value)) return value as BackendName;
  throw new OvertureError('invalid_input', `unknown backend '${value}'; use one of ${backendNames.join(', ')}`);
}
