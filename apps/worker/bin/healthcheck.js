#!/usr/bin/env node
// Committed shim: `node apps/worker/bin/healthcheck.js` (container health checks).
await import('../dist/healthcheck.js');
