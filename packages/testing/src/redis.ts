import { randomBytes } from 'node:crypto';
import { createRedis } from '@overture/jobs';
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
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (found.length > 0) await redis.del(...found);
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
