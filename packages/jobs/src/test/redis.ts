import { randomBytes } from 'node:crypto';
import { createRedis } from '../connection.js';

export const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A connection and a key prefix of this test file's own; `cleanup()` deletes its keys. */
export function isolatedRedis(label: string) {
  const prefix = `test-${label}-${randomBytes(4).toString('hex')}`;
  const redis = createRedis(redisUrl);
  return {
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
