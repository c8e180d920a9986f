#!/usr/bin/env node
// `npm start`: applies migrations, then runs the platform's processes until one of them exits.
// It never builds; each process's shim fails with a clear message when the build is missing.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const migrate = spawnSync(process.execPath, [join(root, 'packages/db/bin/migrate.js')], { stdio: 'inherit', cwd: root });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

/**
 * The long-running processes. The web app joins this list when it exists, e.g.
 * `{ name: 'web', command: join(root, 'node_modules/.bin/next'), args: ['start', 'apps/web'] }`
 * (start next directly: killing an npx wrapper leaves next-server holding the port).
 */
const processes = [
  { name: 'worker', command: process.execPath, args: [join(root, 'apps/worker/bin/worker.js')] },
];

const children = processes.map(({ name, command, args }) => {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root, env: process.env });
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
