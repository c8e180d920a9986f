import { randomBytes } from 'node:crypto';
import { createRedis, deleteKeysWithPrefix } from '@overture/jobs';
import type { Redis } from 'ioredis';

export const machineRedisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export interface TestRedis {
  url: string;
  /** Use as the BullMQ and Overture key prefix: the file's keys never meet another's. */
  prefix: string;
  redis: Redis;
  cleanup(): Promise<void>;
}

/** A connection and a key prefix of one test file's own; `cleanup()` deletes the prefix's keys. */
export function createTestRedis(label: string, url = machineRedisUrl): TestRedis {
  const prefix = `test-${label.replace(/\W/g, '-')}-${randomBytes(4).toString('hex')}`;
  const redis = createRedis(url);
  redis.on('error', () => undefined); // restart tests take Redis away; ioredis reconnects
  return {
    url,
    prefix,
    redis,
    async cleanup() {
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
