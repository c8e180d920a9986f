#!/usr/bin/env node
// Committed shim for `npm run db:migrate`: runs the built migrator, or says how to build it.
try {
  await import('../dist/migrate-cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('migrate-cli')) throw error;
  console.error('db:migrate: packages/db is not built; run `npm run build` first');
  process.exitCode = 1;
}
