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

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures');
const row = { x1: 0.8, x2: -0.3, color: 'red', day: '2024-07-14', tags: ['red', 'sale'] };

// `npm start` as users run it (needs the built web app and apps/serving): the front server on the
// public port, Next behind it, one serving replica and a worker, supervised.
describe('npm start with a serving process', () => {
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

  it('serves /predict on the public port from the serving process, and everything else from the web app', async () => {
    const deployed = await fetch(`${platform.baseURL}/api/deployments`, {
      method: 'POST', headers: { authorization: `Bearer ${platform.bootstrapKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'churn', runId }),
    });
    expect(deployed.status).toBe(201);
    const [replica] = await listReplicas(client, redis.prefix);
    const response = await predict();
    expect(response.status).toBe(200);
    expect(response.headers.get(REPLICA_HEADER)).toBe(replica.id);
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

  it('restarts a killed serving process; requests meanwhile are answered (by the web app until a replica is back)', async () => {
    const [replica] = await listReplicas(client, redis.prefix);
    const pid = Number(replica.id.split(':').at(-1));
    process.kill(pid, 'SIGKILL');
    const statuses: number[] = [];
    const answeredBy = new Set<string>();
    let newReplica: string | null = null;
    const started = Date.now();
    // Four callers, each always with a request in flight, until a new replica answers.
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (!newReplica && Date.now() - started < 60_000) {
        const response = await predict();
        statuses.push(response.status);
        await response.arrayBuffer();
        const by = response.headers.get(REPLICA_HEADER);
        answeredBy.add(by ?? 'web');
        if (by && by !== replica.id) newReplica = by;
      }
    }));
    expect(newReplica).not.toBeNull();
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(answeredBy.has('web')).toBe(true);
    // The killed one drops out once its heartbeat (3 s) lapses; the new one may answer before that.
    await expect.poll(async () => (await listReplicas(client, redis.prefix)).map((r) => r.id), { timeout: 10_000, interval: 200 }).toEqual([newReplica]);
  });
});
