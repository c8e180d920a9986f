import { Redis, type RedisOptions } from 'ioredis';
import { DEFAULT_REDIS_PREFIX } from '@overture/config';

export interface RedisSettings {
  url: string;
  /** Key prefix of BullMQ queues and of Overture's own keys (tests use one per file). */
  prefix: string;
}

export const DEFAULT_PREFIX = DEFAULT_REDIS_PREFIX;

/**
 * An ioredis connection that survives Redis restarts: commands wait (offline queue) while it
 * reconnects, and BullMQ's blocking commands need `maxRetriesPerRequest: null`.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    ...options,
  });
}

/** Fails fast with a readable message when Redis cannot be reached (start-up checks). */
export async function pingRedis(url: string, timeoutMs = 5000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  let cause: unknown = null;
  redis.on('error', (error) => { cause ??= error; });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const e = (cause ?? error) as { code?: string; message?: string };
    throw new Error(`cannot reach Redis at ${redactRedisUrl(url)} (${e.code ?? e.message ?? String(error)}); is it running? Set REDIS_URL to point at it.`);
  } finally {
    redis.disconnect();
  }
}

export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** Deletes every key under `prefix:` (a test file's or an abandoned installation's), in batches. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.del(...found);
  } while (cursor !== '0');
}
