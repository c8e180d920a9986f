#!/usr/bin/env node
// CI: runs `npm start` as the README says (migrations, web, one worker) on a free port with a
// scratch database and DATA_DIR, waits until /api/health answers 200 and a worker beats, then
// stops it. The platform itself is exercised by the e2e specs; this proves the command works.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const port = await new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'overture-ci-start-'));
const server = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/overture';
const database = `overture_ci_start_${process.pid}`;
const key = `ci-start-${process.pid}-0123456789`;
const env = {
  ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: new URL(`/${database}`, server).toString(),
  OVERTURE_REDIS_PREFIX: `ci-start-${process.pid}`, OVERTURE_BOOTSTRAP_API_KEY: key,
};
const child = spawn('npm', ['start'], { cwd: root, env, stdio: 'inherit', detached: true });
let exited = null;
child.on('exit', (code) => { exited = code ?? 1; });

let ok = false;
const deadline = Date.now() + 120_000;
while (Date.now() < deadline && exited === null) {
  try {
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    const workers = await fetch(`http://127.0.0.1:${port}/api/workers`, { headers: { authorization: `Bearer ${key}` } });
    if (health.status === 200 && workers.ok && (await workers.json()).workers.length > 0) { ok = true; break; }
  } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 500));
}
try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
await new Promise((r) => (exited !== null ? r() : child.once('exit', r)));
const { default: pg } = await import('pg');
const admin = new pg.Client({ connectionString: new URL('/postgres', server).toString() });
await admin.connect().then(() => admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).finally(() => admin.end()).catch(() => undefined);
rmSync(dataDir, { recursive: true, force: true });
if (!ok) {
  console.error('npm start did not bring up a healthy platform (web /api/health 200 and one live worker) within 120 s');
  process.exit(1);
}
console.log(`npm start: web answered /api/health and a worker was live on port ${port}; stopped.`);
