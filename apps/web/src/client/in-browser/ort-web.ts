import type * as OrtWeb from 'onnxruntime-web';

/**
 * Where scripts/copy-ort-wasm.mjs puts onnxruntime-web at build time: this app serves the
 * library, its glue and its wasm binary itself (no CDN, CSP 'self' plus 'wasm-unsafe-eval').
 */
export const ORT_WEB_PATH = '/ort/';

let loading: Promise<typeof OrtWeb> | null = null;

/**
 * onnxruntime-web, loaded once on first use (the page pays nothing until "Run in browser" is on).
 * Imported at run time from the app's own /ort/ rather than bundled: its wasm build finds its
 * glue and binary beside itself, which bundlers would otherwise rename. Single-threaded wasm (no
 * cross-origin isolation needed) and no proxy worker: one playground row is a small run.
 */
export function loadOrtWeb(): Promise<typeof OrtWeb> {
  loading ??= (import(/* webpackIgnore: true */ /* turbopackIgnore: true */ `${ORT_WEB_PATH}ort.wasm.min.mjs`) as Promise<typeof OrtWeb>).then((ort) => {
    ort.env.wasm.wasmPaths = ORT_WEB_PATH;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    return ort;
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
