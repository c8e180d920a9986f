// Container health check (compose/Kubernetes exec probe): healthy while a worker process on
// this host has a live Redis heartbeat. Workers open no ports, so many can share a host.
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { keys } from '@overture/jobs';

const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = process.env.OVERTURE_REDIS_PREFIX || 'overture';
const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 3000 });
redis.on('error', () => undefined);
try {
  await redis.connect();
  const [, found] = await redis.scan('0', 'MATCH', keys.worker(prefix, `${hostname()}:*`), 'COUNT', 10_000);
  if (found.length === 0) throw new Error(`no live worker heartbeat for host ${hostname()}`);
  process.exitCode = 0;
} catch (error) {
  console.error(`unhealthy: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  redis.disconnect();
}
