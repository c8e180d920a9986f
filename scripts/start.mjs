#!/usr/bin/env node
// `npm start`: applies migrations, then runs and supervises the platform's processes: a child that
// crashes is restarted with backoff while the others keep serving; SIGTERM/SIGINT stops them all.
// It never builds; each process's shim fails with a clear message when the build is missing.
//
// The public port belongs to the front server (apps/serving), which is also a serving replica: it
// answers /predict itself (taking turns with any replica `npm run start:serving` adds, found through
// Redis) and relays everything else to the web app, which listens on a loopback port of its own.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Fail before migrating when the web app is not built: `npm start` never builds.
const next = join(root, 'node_modules/.bin/next');
if (!existsSync(join(root, 'apps/web/.next/BUILD_ID')) || !existsSync(next)) {
  console.error('npm start: the web app is not built; run `npm ci && npm run build` first.');
  process.exit(1);
}
if (!existsSync(join(root, 'apps/serving/dist/front-main.js'))) {
  console.error('npm start: the serving process (apps/serving) is not built; run `npm ci && npm run build` first.');
  process.exit(1);
}

const migrate = spawnSync(process.execPath, [join(root, 'packages/db/bin/migrate.js')], { stdio: 'inherit', cwd: root });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

/**
 * Restart policy: the first restart waits 1 s, each further one twice as long up to 30 s; a child
 * that stayed up 60 s is healthy again (the next crash waits 1 s). A child that keeps dying within
 * `quickExitMs` of its start `giveUpAfter` times in a row (the web on a port in use, say) is not
 * going to come up: everything stops with exit code 1 and says why. Workers are restarted forever
 * (Redis or Postgres may simply be down for a while).
 */
const policy = { firstDelayMs: 1000, maxDelayMs: 30_000, stableMs: 60_000, quickExitMs: 15_000, stopGraceMs: 30_000 };

/** A free loopback port for an internal listener (the web app behind the front). */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolvePort(free));
    });
  });
}

/**
 * The long-running processes: the front server on the public port (the serving replica too: on
 * one machine a separate replica behind it would cost every prediction an HTTP hop, about half the
 * throughput on 2 cores; see bench/serve/routing.ts), the web app (next started directly: killing an
 * npx wrapper leaves next-server holding the port) on an internal one, and one worker.
 * `npm run start:worker` adds workers, `npm run start:serving` serving replicas.
 */
const port = process.env.PORT || '3000';
// Loopback unless told otherwise: a fresh install should not be reachable from the network before
// its admin has chosen to expose it (HOST=0.0.0.0 behind a proxy or in a container), as MLflow and
// Jupyter do.
const host = process.env.HOST || '127.0.0.1';
// Every process must agree on the artifact store whatever its working directory.
const env = { NEXT_TELEMETRY_DISABLED: '1', ...process.env, DATA_DIR: resolve(process.env.DATA_DIR || './data') };
const webPort = String(process.env.OVERTURE_WEB_PORT || await freePort());
const processes = [
  {
    name: 'front', command: process.execPath, args: [join(root, 'apps/serving/bin/front.js')], giveUpAfter: 4,
    env: { ...env, PORT: port, HOST: host, OVERTURE_WEB_URL: `http://127.0.0.1:${webPort}` },
    hint: `Is port ${port} already in use on ${host} (set PORT to another), or is a setting wrong (HOST must be an address of this machine)? Its errors are above.`,
  },
  {
    // The front writes X-Forwarded-For (the client's socket address, or an outer proxy's header when
    // OVERTURE_TRUST_PROXY is set), so the web trusts it: every request reaches it from the front.
    name: 'web', command: next, args: ['start', join(root, 'apps/web'), '-p', webPort, '-H', '127.0.0.1'], giveUpAfter: 4,
    env: { ...env, PORT: webPort, OVERTURE_TRUST_PROXY: 'true' },
    hint: `Is port ${webPort} (the web app's internal port, OVERTURE_WEB_PORT) already in use? Its errors are above.`,
  },
  { name: 'worker', command: process.execPath, args: [join(root, 'apps/worker/bin/worker.js')], giveUpAfter: Infinity },
];

const log = (message) => console.error(`${new Date().toISOString()} npm start: ${message}`);
let stopping = false;

const supervised = processes.map((spec) => ({ spec, child: null, startedAt: 0, delayMs: policy.firstDelayMs, quickExits: 0, restarts: 0, timer: null }));

function launch(entry) {
  entry.startedAt = Date.now();
  const child = spawn(entry.spec.command, entry.spec.args, { stdio: 'inherit', cwd: root, env: entry.spec.env ?? env });
  entry.child = child;
  const exited = (how) => {
    if (entry.child !== child) return; // already handled ('error' and 'exit' can both come)
    entry.child = null;
    if (!stopping) onCrash(entry, how);
  };
  child.on('error', (error) => {
    log(`${entry.spec.name}: ${error.message}`);
    if (child.pid === undefined) exited('could not be started'); // no 'exit' follows a failed spawn
  });
  child.on('exit', (code, signal) => exited(signal ?? `code ${code}`));
}

function onCrash(entry, how) {
  const { name, giveUpAfter, hint } = entry.spec;
  const upMs = Date.now() - entry.startedAt;
  if (upMs >= policy.stableMs) entry.delayMs = policy.firstDelayMs;
  entry.quickExits = upMs < policy.quickExitMs ? entry.quickExits + 1 : 0;
  if (entry.quickExits >= giveUpAfter) {
    log(`${name} exited (${how}) within ${policy.quickExitMs / 1000} s of starting ${entry.quickExits} times in a row; giving up and stopping everything. ${hint ?? ''}`.trim());
    stop(1);
    return;
  }
  if (name === 'front' && entry.quickExits === 2 && entry.spec.env.OVERTURE_FRONT_RELAY_ONLY !== 'true') degradeFront(entry);
  entry.restarts += 1;
  log(`${name} exited (${how}) after ${(upMs / 1000).toFixed(1)} s; restarting it in ${entry.delayMs / 1000} s (restart ${entry.restarts}); the other processes keep running.`);
  // Restarting after a delay also lets a SIGTERM sent to the whole process group reach us first.
  entry.timer = setTimeout(() => {
    entry.timer = null;
    if (!stopping) launch(entry);
  }, entry.delayMs);
  entry.delayMs = Math.min(entry.delayMs * 2, policy.maxDelayMs);
}

/**
 * The front answers /predict in its own process; should a deployed model bring it down each time
 * it loads, the public port (and the web behind it) would go with it. After two quick exits in a
 * row it restarts as a relay only, and a separate serving process (restarted on its own) takes
 * /predict: a crash there no longer reaches the web. A front that still dies (a port in use) meets
 * the give-up rule as before.
 */
function degradeFront(entry) {
  log('front exited twice in a row soon after starting: restarting it as a relay only, with /predict answered by a separate serving process, so that a crash in serving leaves the web reachable.');
  entry.spec.env = { ...entry.spec.env, OVERTURE_FRONT_RELAY_ONLY: 'true' };
  const serving = { spec: { name: 'serving', command: process.execPath, args: [join(root, 'apps/serving/bin/serving.js')], giveUpAfter: Infinity }, child: null, startedAt: 0, delayMs: policy.firstDelayMs, quickExits: 0, restarts: 0, timer: null };
  supervised.push(serving);
  launch(serving);
}

/** Stops every child (SIGTERM, then SIGKILL after the grace period) and exits with `code`. */
function stop(code) {
  if (stopping) return;
  stopping = true;
  const running = [];
  for (const entry of supervised) {
    if (entry.timer) clearTimeout(entry.timer);
    const { child } = entry;
    if (!child) continue;
    running.push(new Promise((done) => child.once('exit', done)));
    child.kill('SIGTERM');
  }
  const force = setTimeout(() => {
    log(`children still running after ${policy.stopGraceMs / 1000} s; killing them.`);
    for (const entry of supervised) entry.child?.kill('SIGKILL');
  }, policy.stopGraceMs);
  Promise.all(running).then(() => {
    clearTimeout(force);
    process.exit(code);
  });
}

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { log(`${signal}: stopping`); stop(0); });
for (const entry of supervised) launch(entry);
