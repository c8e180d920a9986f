import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabase } from '@overture/db';
import { createTestRedis, freePort, machineDatabaseUrl, waitFor } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../support/platform';

/** The processes `npm start` (scripts/start.mjs) runs, by role, read from the process table. */
function children(platform: Platform): { web?: number; worker?: number } {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(platform.process.pid)], { encoding: 'utf8' }).trim().split('\n');
  const found: { web?: number; worker?: number } = {};
  for (const line of lines) {
    const [pid, ...args] = line.trim().split(/\s+/);
    const command = args.join(' ');
    if (command.startsWith('next-server') || command.includes('.bin/next')) found.web = Number(pid);
    if (command.includes('apps/worker/bin/worker.js')) found.worker = Number(pid);
  }
  return found;
}

describe('npm start supervises its processes', () => {
  let platform: Platform;
  const health = async () => (await fetch(`${platform.baseURL}/api/health`).catch(() => null))?.status ?? 0;
  const liveWorkerPids = async () => {
    const response = await fetch(`${platform.baseURL}/api/workers`, { headers: { authorization: `Bearer ${platform.bootstrapKey}` } });
    return ((await response.json()) as { workers: { pid: number }[] }).workers.map((w) => w.pid);
  };
  beforeAll(async () => { platform = await startPlatform('supervisor'); });
  afterAll(async () => { await platform?.stop(); });

  it('restarts a worker killed with SIGKILL while the web keeps answering', async () => {
    const before = children(platform);
    expect(before.web).toBeGreaterThan(0);
    process.kill(before.worker!, 'SIGKILL');
    const statuses: number[] = [];
    const worker = await waitFor('a new worker to beat', async () => {
      statuses.push(await health());
      const now = children(platform).worker;
      return now && now !== before.worker && (await liveWorkerPids()).includes(now) ? now : null;
    }, 60_000, 250);
    expect(worker).not.toBe(before.worker);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(children(platform).web).toBe(before.web);
    expect(readFileSync(platform.logFile, 'utf8')).toMatch(/npm start: worker exited \(SIGKILL\) after [\d.]+ s; restarting it in 1 s \(restart 1\)/);
  });

  it('brings the web back after next-server is killed with SIGKILL, keeping the worker', async () => {
    const before = children(platform);
    process.kill(before.web!, 'SIGKILL');
    const web = await waitFor('the web to answer again', async () => {
      const now = children(platform).web;
      return now && now !== before.web && (await health()) === 200 ? now : null;
    }, 90_000, 250);
    expect(web).not.toBe(before.web);
    expect(children(platform).worker).toBe(before.worker);
    expect(readFileSync(platform.logFile, 'utf8')).toMatch(/npm start: web exited \(SIGKILL\) after [\d.]+ s; restarting it in 1 s \(restart 1\)/);
  });

  it('stops every process on SIGTERM and exits 0', async () => {
    const { web, worker } = children(platform);
    const exited = new Promise<number | null>((resolve) => platform.process.once('exit', (code) => resolve(code)));
    process.kill(platform.process.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    expect([alive(web!), alive(worker!)]).toEqual([false, false]);
  });
});

describe('npm start with a public port that cannot be taken', () => {
  it('gives up after a few immediate failures of the front server (port in use), says why and exits 1', async () => {
    const port = await freePort();
    const squatter = net.createServer().listen(port);
    const folder = mkdtempSync(path.join(tmpdir(), 'overture-e2e-port-'));
    const database = `overture_e2e_port_${process.pid}`;
    const redis = createTestRedis('e2e-port');
    try {
      const child = spawn(process.execPath, [path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/start.mjs')], {
        env: { ...process.env, PORT: String(port), DATA_DIR: path.join(folder, 'data'), DATABASE_URL: new URL(`/${database}`, machineDatabaseUrl).toString(), REDIS_URL: redis.url, OVERTURE_REDIS_PREFIX: redis.prefix },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => { output += d; });
      child.stderr.on('data', (d) => { output += d; });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(output).toMatch(new RegExp(`npm start: front exited \\(code 1\\) within 15 s of starting 4 times in a row; giving up and stopping everything\\. Is port ${port} already in use`));
      expect(output.match(/npm start: front exited .* restarting it in (\d+) s/g)?.map((l) => l.replace(/.* in (\d+) s/, '$1'))).toEqual(['1', '2', '4']);
    } finally {
      squatter.close();
      await redis.cleanup();
      await dropDatabase(machineDatabaseUrl, database).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
