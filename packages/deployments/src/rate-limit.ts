import type { Redis } from 'ioredis';
import { ApiError } from './errors.js';

/**
 * A fixed one-minute window per caller in Redis (shared by every web process): INCR, and the
 * first request of a window sets its expiry. Over the limit is a 429 with Retry-After.
 */
export async function checkRateLimit(redis: Redis, prefix: string, caller: string, perMinute: number): Promise<void> {
  const window = Math.floor(Date.now() / 60_000);
  const key = `${prefix}:ratelimit:predict:${caller}:${window}`;
  const [[, count]] = (await redis.multi().incr(key).expire(key, 120).exec()) as [[null, number], [null, number]];
  if (count > perMinute) {
    const retryAfter = String(60 - Math.floor((Date.now() / 1000) % 60));
    throw new ApiError('rate_limited', `more than ${perMinute} prediction requests this minute for this API key; retry in ${retryAfter} s.`, [], { 'retry-after': retryAfter });
  }
}
