import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createRedis } from '@overture/jobs';
import { listReplicas } from '@overture/deployments';
import type { Platform } from '../../e2e/support/platform.js';
import { repoRoot } from '../lib/paths.js';
import { load, type LoadResult } from './load.js';

/**
 * How /predict reaches a model on the platform, single row at 32 connections each:
 *  - front → serving: the public port as `npm start` runs it (the front server answering /predict
 *    in its own process, as the serving replica it also is);
 *  - serving replica direct: that replica's own port (what the front server's routing costs on top);
 *  - Next /predict: the web app's own route on its internal port (the path before this change);
 *  - Next floor: GET /api/health straight on Next, a route that does nothing: any design that
 *    keeps Next in a prediction's path (option b, the web handing /predict over a local socket)
 *    pays at least this per request;
 *  - the front taking turns with a second replica (`npm run start:serving` adds it; its share is
 *    relayed over HTTP) against the front alone.
 */
export interface RoutingResult {
  front_to_serving: LoadResult;
  serving_direct: LoadResult;
  next_predict: LoadResult;
  next_floor_health: LoadResult;
  front_to_next_health: LoadResult;
  two_replicas_front: LoadResult;
  two_vs_one_replica: number;
}

export async function measureRouting(options: {
  platform: Platform; webPort: number; redis: { url: string; prefix: string }; key: string; body: string; seconds: number;
}): Promise<RoutingResult> {
  const { platform, webPort, redis, key, body, seconds } = options;
  const headers = { authorization: `Bearer ${key}` };
  const client = createRedis(redis.url);
  let extra: ChildProcess | null = null;
  try {
    const [replica] = await listReplicas(client, redis.prefix);
    if (!replica) throw new Error('no serving replica is announced in Redis');
    const step = async (label: string, url: string, method: 'GET' | 'POST' = 'POST') => {
      process.stderr.write(`routing: ${label}, ${seconds} s…\n`);
      await load(url, body, 4, 1, { headers, method }); // warm-up
      return load(url, body, 32, seconds, { headers, method });
    };
    const front_to_serving = await step('front → serving', `${platform.baseURL}/predict/tickets`);
    const serving_direct = await step('serving replica direct', `${replica.url}/predict/tickets`);
    const next_predict = await step('Next /predict', `http://127.0.0.1:${webPort}/predict/tickets`);
    const next_floor_health = await step('Next GET /api/health', `http://127.0.0.1:${webPort}/api/health`, 'GET');
    const front_to_next_health = await step('front → Next GET /api/health', `${platform.baseURL}/api/health`, 'GET');
    extra = spawn(process.execPath, [join(repoRoot, 'apps/serving/bin/serving.js')], {
      stdio: 'ignore',
      env: { ...process.env, DATABASE_URL: platform.databaseUrl, REDIS_URL: redis.url, OVERTURE_REDIS_PREFIX: redis.prefix, DATA_DIR: platform.dataDir, OVERTURE_PREDICT_RATE_LIMIT: '10000000' },
    });
    const deadline = Date.now() + 60_000;
    while ((await listReplicas(client, redis.prefix)).length < 2) {
      if (Date.now() > deadline) throw new Error('the second serving replica did not announce itself within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1500)); // the front reads the replicas every second
    const two_replicas_front = await step('front → two serving replicas', `${platform.baseURL}/predict/tickets`);
    return {
      front_to_serving, serving_direct, next_predict, next_floor_health, front_to_next_health, two_replicas_front,
      two_vs_one_replica: two_replicas_front.requests_per_s / front_to_serving.requests_per_s,
    };
  } finally {
    if (extra && extra.exitCode === null) {
      const exited = new Promise((r) => extra!.once('exit', r));
      extra.kill('SIGTERM');
      await exited;
    }
    client.disconnect();
  }
}
