#!/usr/bin/env node
// `npm start`: applies migrations, then runs the platform's processes until one of them exits.
// It never builds; each process's shim fails with a clear message when the build is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Fail before migrating when the web app is not built: `npm start` never builds.
const next = join(root, 'node_modules/.bin/next');
if (!existsSync(join(root, 'apps/web/.next/BUILD_ID')) || !existsSync(next)) {
  console.error('npm start: the web app is not built; run `npm ci && npm run build` first.');
  process.exit(1);
}

const migrate = spawnSync(process.execPath, [join(root, 'packages/db/bin/migrate.js')], { stdio: 'inherit', cwd: root });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

/**
 * The long-running processes: the web app (next started directly: killing an npx wrapper leaves
 * next-server holding the port) and one worker. `npm run start:worker` adds workers.
 */
const port = process.env.PORT || '3000';
// Every process must agree on the artifact store whatever its working directory.
const env = { NEXT_TELEMETRY_DISABLED: '1', ...process.env, DATA_DIR: resolve(process.env.DATA_DIR || './data') };
const processes = [
  { name: 'web', command: next, args: ['start', join(root, 'apps/web'), '-p', port] },
  { name: 'worker', command: process.execPath, args: [join(root, 'apps/worker/bin/worker.js')] },
];

const children = processes.map(({ name, command, args }) => {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root, env });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping the others`);
    stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stop(0));
