#!/usr/bin/env node
// Committed shim: starts the built serving process, or says how to build it.
import { existsSync } from 'node:fs';

const main = new URL('../dist/serving-main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('serving: apps/serving is not built; run `npm run build` first');
  process.exit(1);
}
await import(main.href);
