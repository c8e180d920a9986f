import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabase } from '@overture/db';
import { createTestRedis, freePort, machineDatabaseUrl, waitFor } from '@overture/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface PlatformInfo {
  baseURL: string;
  databaseUrl: string;
  dataDir: string;
  adminEmail: string;
  adminPassword: string;
  /** OVERTURE_BOOTSTRAP_API_KEY of this platform (an admin). */
  bootstrapKey: string;
  logFile: string;
}

export interface Platform extends PlatformInfo {
  /** The process group of `npm start` (start.mjs, next-server, worker). */
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the platform as users do — `node scripts/start.mjs` (migrations, then `next start` and
 * one worker) — on a free port, with a fresh database, a Redis prefix and a DATA_DIR of its own.
 */
export async function startPlatform(label: string, env: Record<string, string> = {}): Promise<Platform> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), `overture-e2e-${label}-`));
  const databaseName = `overture_e2e_${label}_${process.pid}_${Date.now().toString(36)}`;
  const server = new URL(machineDatabaseUrl);
  const databaseUrl = new URL(`/${databaseName}`, server).toString();
  const redis = createTestRedis(`e2e-${label}`);
  const info = {
    baseURL: `http://127.0.0.1:${port}`, databaseUrl, dataDir: path.join(dataDir, 'data'),
    adminEmail: 'admin@example.com', adminPassword: 'admin-password-1', bootstrapKey: `bootstrap-${label}-0123456789abcdef`,
    logFile: path.join(dataDir, 'platform.log'),
  };
  const log = openSync(info.logFile, 'a');
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    detached: true, // its own process group, so stop() reaches next-server and the worker too
    stdio: ['ignore', log, log],
    env: {
      ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, REDIS_URL: redis.url, DATA_DIR: info.dataDir,
      OVERTURE_REDIS_PREFIX: redis.prefix, OVERTURE_ADMIN_EMAIL: info.adminEmail, OVERTURE_ADMIN_PASSWORD: info.adminPassword,
      OVERTURE_BOOTSTRAP_API_KEY: info.bootstrapKey, OVERTURE_ALLOW_PRIVATE_SOURCES: 'true', NEXT_TELEMETRY_DISABLED: '1', ...env,
    },
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => { exited = true; });
  const stop = async () => {
    if (!exited) {
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
      const gone = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 30_000))]);
      if (!gone) try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }
    await redis.cleanup().catch(() => undefined);
    await dropDatabase(server.toString(), databaseName).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor('the platform to answer /api/health and a worker to beat', async () => {
      if (exited) throw new Error('npm start exited');
      const health = await fetch(`${info.baseURL}/api/health`).catch(() => null);
      if (health?.status !== 200) return false;
      const workers = await fetch(`${info.baseURL}/api/workers`, { headers: { authorization: `Bearer ${info.bootstrapKey}` } });
      return ((await workers.json()) as { workers: unknown[] }).workers.length > 0;
    }, 90_000, 250);
  } catch (error) {
    const tail = readFileSync(info.logFile, 'utf8').split('\n').slice(-40).join('\n');
    await stop();
    throw new Error(`${(error as Error).message}\n--- platform log ---\n${tail}`);
  }
  return { ...info, process: child, stop };
}
