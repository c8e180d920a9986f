#!/usr/bin/env node
// Committed shim for `npm run start:worker`: starts the built worker, or says how to build it.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('worker: apps/worker is not built; run `npm run build` first');
  process.exit(1);
}
await import(main.href);
