#!/usr/bin/env node
// Copies onnxruntime-web's wasm runtime into public/ort/ so the playground's in-browser mode loads
// it from this app (never a CDN): the library (wasm-only build, glue and graph runtime kept
// outside it), its Emscripten glue and the single-threaded-capable SIMD binary. Run by `build`
// and `dev`; the copies are gitignored and always match the installed package.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'ort');
const files = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

mkdirSync(target, { recursive: true });
for (const file of files) {
  const from = path.join(dist, file);
  const to = path.join(target, file);
  const same = (() => {
    try {
      return statSync(to).size === statSync(from).size && readFileSync(to).equals(readFileSync(from));
    } catch {
      return false;
    }
  })();
  if (!same) copyFileSync(from, to);
}
const { version } = JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8'));
console.log(`onnxruntime-web ${version}: ${files.join(', ')} in public/ort/`);
