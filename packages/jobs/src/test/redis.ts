import { randomBytes } from 'node:crypto';
import { createRedis, deleteKeysWithPrefix } from '../connection.js';

export const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A connection and a key prefix of this test file's own; `cleanup()` deletes its keys. */
export function isolatedRedis(label: string) {
  const prefix = `test-${label}-${randomBytes(4).toString('hex')}`;
  const redis = createRedis(redisUrl);
  return {
    prefix,
    redis,
    async cleanup() {
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
