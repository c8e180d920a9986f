import { RateLimiter } from '@overture/deployments';
import { createRedis } from '@overture/jobs';
import { createTestRedis, type TestRedis } from '@overture/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a process admits of `count` requests sent one after another (`status` per request). */
async function send(limiter: RateLimiter, caller: string, count: number): Promise<('ok' | 'limited')[]> {
  const outcomes: ('ok' | 'limited')[] = [];
  for (let i = 0; i < count; i++) outcomes.push(await limiter.check(caller).then(() => 'ok' as const, () => 'limited' as const));
  return outcomes;
}

describe('the /predict rate limit shared through Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  beforeAll(() => {
    redis = createTestRedis('ratelimit');
    client = createRedis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.cleanup();
  });

  it('admits exactly the limit from one process, with a Retry-After on the refusal', async () => {
    const limiter = new RateLimiter(client, redis.prefix, 50);
    const outcomes = await send(limiter, 'one', 60);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(50);
    expect(outcomes.slice(50).every((o) => o === 'limited')).toBe(true);
    const refusal = await limiter.check('one').catch((error: { code: string; headers: Record<string, string> }) => error);
    expect(refusal).toMatchObject({ code: 'rate_limited', headers: { 'retry-after': expect.stringMatching(/^\d+$/) } });
  });

  it('counts every process: two processes together admit the limit (plus at most what one admits between syncs)', async () => {
    const a = new RateLimiter(client, redis.prefix, 100);
    const b = new RateLimiter(client, redis.prefix, 100);
    let admitted = 0;
    for (let round = 0; round < 10; round++) {
      const [x, y] = await Promise.all([send(a, 'shared', 15), send(b, 'shared', 15)]);
      admitted += [...x, ...y].filter((o) => o === 'ok').length;
      await new Promise((resolve) => setTimeout(resolve, 60)); // each view goes stale: the next request waits for Redis
    }
    expect(admitted).toBeGreaterThanOrEqual(100);
    expect(admitted).toBeLessThanOrEqual(115);
    // Redis holds every admitted request, counted by either process.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const minute = Math.floor(Date.now() / 60_000);
    expect(Number(await client.get(`${redis.prefix}:ratelimit:predict:shared:${minute}`))).toBeGreaterThanOrEqual(admitted);
  });

  it('asks Redis about one request per caller per 50 ms, not one per request', async () => {
    const limiter = new RateLimiter(client, redis.prefix, 1_000_000);
    const commands = async () => Number((await client.info('stats')).match(/total_commands_processed:(\d+)/)![1]);
    const before = await commands();
    const started = performance.now();
    await send(limiter, 'busy', 2_000);
    const intervals = Math.ceil((performance.now() - started) / 50) + 1;
    const used = (await commands()) - before;
    // Per 50 ms at most a waiting sync and a timer's flush, each MULTI/INCRBY/EXPIRE/EXEC (and the INFO call).
    expect(used).toBeLessThanOrEqual(8 * intervals + 1);
    expect(used).toBeLessThan(2_000);
  });
});
