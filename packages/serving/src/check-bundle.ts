import { Worker } from 'node:worker_threads';
import { OvertureError, type ErrorCode, type ErrorDetail, type ResolvedConfig } from '@overture/config';
import type { OnnxLimits } from './onnx-check/index.js';

export interface OffThreadCheckOptions {
  /** Wall-clock limit for reading, checking, creating the session and the warm-up row; the thread is terminated after it. */
  timeoutMs: number;
  /** The thread's JavaScript heap at most, in MB (onnxruntime's own buffers are native memory, bounded by onnxLimits). */
  memoryMb: number;
  onnxLimits?: Partial<OnnxLimits>;
}

/** What the thread sends back. */
export type CheckThreadMessage =
  | { kind: 'loaded'; config: ResolvedConfig }
  | { kind: 'error'; name: string; message: string; code?: ErrorCode; details?: ErrorDetail[] };

export interface CheckThreadData {
  directory: string;
  onnxLimits?: Partial<OnnxLimits>;
}

// Built (dist): the thread runs check-bundle-thread.js. From TypeScript sources (tests) a thread
// does not inherit the test runner's loader, so a tiny bootstrap registers tsx first.
const fromSource = import.meta.url.endsWith('.ts');
const entry = new URL(`./check-bundle-thread${fromSource ? '.ts' : '.js'}`, import.meta.url);
const sourceBootstrap = fromSource
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`
  : '';

/**
 * Loads a bundle as ServingModel.load does (graph check, session, warm-up row) in a worker thread,
 * so an untrusted upload never blocks the caller's event loop; resolves with its resolved config.
 * A thread over `timeoutMs` or its heap limit is terminated and reported as an OvertureError.
 * Errors from the bundle keep their OvertureError code.
 */
export function checkBundleOffThread(directory: string, options: OffThreadCheckOptions): Promise<ResolvedConfig> {
  const workerData: CheckThreadData = { directory, onnxLimits: options.onnxLimits };
  const resourceLimits = { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(options.memoryMb / 8))) };
  const worker = fromSource ? new Worker(sourceBootstrap, { eval: true, workerData, resourceLimits }) : new Worker(entry, { workerData, resourceLimits });
  return new Promise<ResolvedConfig>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => settle(() => reject(new OvertureError(
      'invalid_input', `model.onnx did not load within ${Number((options.timeoutMs / 1000).toPrecision(2))} s, so it was refused; a model served here loads in well under that.`,
    ))), options.timeoutMs);
    worker.on('message', (message: CheckThreadMessage) => {
      if (message.kind === 'loaded') settle(() => resolve(message.config));
      else settle(() => reject(message.code ? new OvertureError(message.code, message.message, message.details) : Object.assign(new Error(message.message), { name: message.name })));
    });
    worker.on('error', (error: Error & { code?: string }) => settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new OvertureError('invalid_input', `model.onnx needed more than ${options.memoryMb} MB to load, so it was refused.`)
      : error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the model check thread exited with code ${code} before finishing`))));
  });
}
