import path from 'node:path';
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
  /** Files to resolve the built thread entry from (see the bootstrap). */
  resolveFrom: string[];
  onnxLimits?: Partial<OnnxLimits>;
}

// From TypeScript sources (tests) a thread does not inherit the test runner's loader, so the
// bootstrap registers tsx before importing the entry beside this file. Built, this module may be
// bundled into the web app (Next bundles workspace packages, and import.meta.url is then a
// chunk's), so the thread finds its entry by package name, from the working directory or the
// running script (next's own bin, inside the install).
const fromSource = import.meta.url.endsWith('.ts');
const bootstrap = fromSource
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url.replace(/check-bundle\.ts$/, 'check-bundle-thread.ts'))}); });`
  : `const { createRequire } = require('node:module');
     const { pathToFileURL } = require('node:url');
     const { workerData } = require('node:worker_threads');
     const entry = workerData.resolveFrom.map((base) => { try { return createRequire(base).resolve('@overture/serving/check-bundle-thread'); } catch { return null; } }).find(Boolean);
     if (!entry) throw new Error('@overture/serving is not installed beside ' + workerData.resolveFrom.join(' or '));
     import(pathToFileURL(entry).href);`;

/**
 * Loads a bundle as ServingModel.load does (graph check, session, warm-up row) in a worker thread,
 * so an untrusted upload never blocks the caller's event loop; resolves with its resolved config.
 * A thread over `timeoutMs` or its heap limit is terminated and reported as an OvertureError.
 * Errors from the bundle keep their OvertureError code.
 */
export function checkBundleOffThread(directory: string, options: OffThreadCheckOptions): Promise<ResolvedConfig> {
  const resolveFrom = [path.join(process.cwd(), 'noop.js'), process.argv[1]].filter((base): base is string => Boolean(base));
  const workerData: CheckThreadData = { directory, onnxLimits: options.onnxLimits, resolveFrom };
  const resourceLimits = { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(options.memoryMb / 8))) };
  const worker = new Worker(bootstrap, { eval: true, workerData, resourceLimits });
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
