import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type DbHandle } from '@overture/db';
import { listReplicas, VERSION_HEADER } from '@overture/deployments';
import { createRedis } from '@overture/jobs';
import { createTestRedis, seedCompletedRun, waitFor, type TestRedis } from '@overture/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../../e2e/support/platform';
import { REPLICA_HEADER } from '../src/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(root, 'packages/serving/src/test/fixtures');
const row = { x1: 0.8, x2: -0.3, color: 'red', day: '2024-07-14', tags: ['red', 'sale'] };

// `npm start` as users run it (needs the built web app and apps/serving): the front server on the
// public port (the serving replica too), Next behind it and a worker, supervised.
describe('npm start with the front server serving /predict', () => {
  let platform: Platform;
  let redis: TestRedis;
  let client: Redis;
  let db: DbHandle;
  let runId: string;
  let runV2: string;

  beforeAll(async () => {
    redis = createTestRedis('serving-supervisor');
    platform = await startPlatform('serving', { OVERTURE_REDIS_PREFIX: redis.prefix });
    client = createRedis(redis.url);
    db = createDb(platform.databaseUrl, { max: 2 });
    runId = await completedRun('multi-task');
    runV2 = await completedRun('multi-task-v2');
    await waitFor('a serving replica to announce itself', async () => (await listReplicas(client, redis.prefix)).length > 0, 60_000, 100);
  });
  afterAll(async () => {
    await platform?.stop();
    client?.disconnect();
    await db?.close();
    await redis?.cleanup();
  });

  /** A completed run whose bundle is a copy of a fixture, recorded as the worker records it. */
  async function completedRun(fixture: string): Promise<string> {
    return (await seedCompletedRun(db.db, platform.dataDir, path.join(fixtures, fixture, 'model'))).id;
  }

  const predict = () => fetch(`${platform.baseURL}/predict/churn`, {
    method: 'POST', headers: { authorization: `Bearer ${platform.bootstrapKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ instances: [row] }),
  });

  it('answers /predict on the public port in the front process itself (its serving replica), and everything else from the web app', async () => {
    const deployed = await fetch(`${platform.baseURL}/api/deployments`, {
      method: 'POST', headers: { authorization: `Bearer ${platform.bootstrapKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'churn', runId }),
    });
    expect(deployed.status).toBe(201);
    const replicas = await listReplicas(client, redis.prefix);
    expect(replicas).toHaveLength(1);
    expect(commandOf(replicas[0].id)).toContain('apps/serving/bin/front.js');
    const response = await predict();
    expect(response.status).toBe(200);
    expect(response.headers.get(REPLICA_HEADER)).toBe(replicas[0].id);
    expect(response.headers.get(VERSION_HEADER)).toBe(runId);
    expect((await fetch(`${platform.baseURL}/api/health`)).status).toBe(200);
  });

  it('returns from a hot swap once the serving replica answers with the new run, and from an undeploy once it answers 404', async () => {
    const call = (method: string, url: string, body?: unknown) => fetch(`${platform.baseURL}${url}`, {
      method, headers: { authorization: `Bearer ${platform.bootstrapKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect((await call('PUT', '/api/deployments/churn', { runId: runV2 })).status).toBe(200);
    const swapped = await predict();
    expect(swapped.headers.get(VERSION_HEADER)).toBe(runV2);
    expect(swapped.headers.get(REPLICA_HEADER)).not.toBeNull();
    expect((await call('POST', '/api/deployments', { name: 'brief', runId })).status).toBe(201);
    expect((await call('DELETE', '/api/deployments/brief')).status).toBe(200);
    const gone = await call('POST', '/predict/brief', { instances: [row] });
    expect(gone.status).toBe(404);
    expect(gone.headers.get(REPLICA_HEADER)).not.toBeNull(); // the replica's own 404, not the web's
  });

  it('takes turns with a replica that `npm run start:serving` adds, and keeps answering once it stops', async () => {
    const [front] = await listReplicas(client, redis.prefix);
    const extra = spawn(process.execPath, [path.join(root, 'apps/serving/bin/serving.js')], {
      stdio: 'ignore',
      env: { ...process.env, DATABASE_URL: platform.databaseUrl, REDIS_URL: redis.url, OVERTURE_REDIS_PREFIX: redis.prefix, DATA_DIR: platform.dataDir, OVERTURE_BOOTSTRAP_API_KEY: platform.bootstrapKey },
    });
    try {
      await waitFor('the added replica to announce itself', async () => (await listReplicas(client, redis.prefix)).length === 2, 60_000, 100);
      const answeredBy = new Set<string | null>();
      // The front reads the replicas every second: ask until both have answered.
      await waitFor('both replicas to answer', async () => {
        const response = await predict();
        expect(response.status).toBe(200);
        answeredBy.add(response.headers.get(REPLICA_HEADER));
        return answeredBy.size === 2;
      }, 10_000, 50);
      expect(answeredBy.has(front.id)).toBe(true);
    } finally {
      const exited = new Promise((resolve) => extra.once('exit', resolve));
      extra.kill('SIGTERM');
      await exited;
    }
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await predict()).status);
    expect(statuses).toEqual(Array(8).fill(200));
    expect((await listReplicas(client, redis.prefix)).map((r) => r.id)).toEqual([front.id]);
  });

  it('restarts a killed front; the new one answers /predict itself again', async () => {
    const [replica] = await listReplicas(client, redis.prefix);
    const pid = Number(replica.id.split(':').at(-1));
    process.kill(pid, 'SIGKILL');
    // The public port is down until the supervisor has started a new front (1 s, then its start-up).
    let answeredBy: string | null = null;
    await waitFor('a new front to answer /predict', async () => {
      const response = await predict().catch(() => null);
      answeredBy = response?.status === 200 ? response.headers.get(REPLICA_HEADER) : null;
      return answeredBy !== null && answeredBy !== replica.id;
    }, 60_000, 100);
    expect(commandOf(answeredBy!)).toContain('apps/serving/bin/front.js');
    expect((await fetch(`${platform.baseURL}/api/health`)).status).toBe(200);
    // The killed one drops out once its heartbeat (3 s) lapses; the new one may answer before that.
    await expect.poll(async () => (await listReplicas(client, redis.prefix)).map((r) => r.id), { timeout: 10_000, interval: 200 }).toEqual([answeredBy]);
  });

  it('after a front that keeps dying soon after it starts, restarts it as a relay only and answers /predict from a separate serving process', async () => {
    // Each new front is killed as soon as it answers: two quick exits in a row (a model that crashes the process would do the same).
    let servedBy: string | null = null;
    for (let kill = 0; kill < 3; kill++) {
      const replicas = await listReplicas(client, redis.prefix);
      const fronts = replicas.filter((r) => commandOf(r.id).includes('apps/serving/bin/front.js'));
      if (replicas.some((r) => commandOf(r.id).includes('apps/serving/bin/serving.js'))) break;
      for (const f of fronts) process.kill(Number(f.id.split(':').at(-1)), 'SIGKILL');
      await waitFor('/predict to be answered again', async () => {
        const response = await predict().catch(() => null);
        servedBy = response?.status === 200 ? response.headers.get(REPLICA_HEADER) : null;
        return servedBy !== null && !fronts.some((f) => f.id === servedBy);
      }, 60_000, 100);
    }
    await waitFor('a separate serving process to answer', async () => {
      const response = await predict().catch(() => null);
      servedBy = response?.status === 200 ? response.headers.get(REPLICA_HEADER) : null;
      return servedBy !== null && commandOf(servedBy).includes('apps/serving/bin/serving.js');
    }, 60_000, 200);
    // The front is now a relay: it announces no replica of its own, and the web behind it answers.
    await expect.poll(async () => (await listReplicas(client, redis.prefix)).map((r) => commandOf(r.id).includes('front.js')), { timeout: 10_000, interval: 200 }).toEqual([false]);
    expect((await fetch(`${platform.baseURL}/api/health`)).status).toBe(200);
    // A crash of the serving process now leaves the public port up: the web answers /predict meanwhile.
    process.kill(Number(servedBy!.split(':').at(-1)), 'SIGKILL');
    expect((await fetch(`${platform.baseURL}/api/health`)).status).toBe(200);
    const during = await predict();
    expect([200, 503]).toContain(during.status);
    expect(readFileSync(platform.logFile, 'utf8')).toMatch(/restarting it as a relay only/);
  });
});

/**
 * The command line of the process a replica id (`<host>:<pid>`) names (Linux's /proc); '' when that
 * process is gone: a killed replica stays announced until its heartbeat (3 s) lapses.
 */
function commandOf(replicaId: string): string {
  try {
    return readFileSync(`/proc/${replicaId.split(':').at(-1)}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
