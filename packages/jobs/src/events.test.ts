import { afterAll, describe, expect, it } from 'vitest';
import { formatSse, publishRunEvents, readRunEvents, type RunEvent } from './events.js';
import { runEventsSseStream } from './sse.js';
import { beatWorker, listLiveWorkers } from './heartbeat.js';
import { isolatedRedis } from './test/redis.js';

const metric = (runId: string, step: number, value: number): RunEvent =>
  ({ type: 'metric', runId, ts: Date.now(), epoch: 0, step, split: 'validation', feature: 'y', metric: 'loss', value });

describe('run events', () => {
  const redis = isolatedRedis('events');
  afterAll(() => redis.cleanup());

  async function collect(runId: string, lastEventId?: string) {
    const reader = redis.redis.duplicate();
    const out = [];
    for await (const item of readRunEvents(reader, { prefix: redis.prefix, runId, lastEventId, blockMs: 200 })) {
      if (item) out.push(item);
    }
    reader.disconnect();
    return out;
  }

  it('are read in order up to the end event, and resume after Last-Event-ID', async () => {
    const runId = 'run-a';
    const ids = await publishRunEvents(redis.redis, redis.prefix, runId, [metric(runId, 1, 0.5), metric(runId, 2, 0.4), metric(runId, 3, 0.3)]);
    await publishRunEvents(redis.redis, redis.prefix, runId, [{ type: 'end', runId, ts: Date.now(), status: 'completed' }]);
    const all = await collect(runId);
    expect(all.map((e) => e.event.step ?? e.event.type)).toEqual([1, 2, 3, 'end']);
    expect(all.slice(0, 3).map((e) => e.id)).toEqual(ids);
    const resumed = await collect(runId, ids[1]);
    expect(resumed.map((e) => e.event.step ?? e.event.type)).toEqual([3, 'end']);
    expect(await redis.redis.ttl(`${redis.prefix}:runs:${runId}:events`)).toBeGreaterThan(0);
  });

  it('wait for events published later (live follow)', async () => {
    const runId = 'run-b';
    const reading = collect(runId);
    await new Promise((r) => setTimeout(r, 100));
    await publishRunEvents(redis.redis, redis.prefix, runId, [metric(runId, 7, 1)]);
    await publishRunEvents(redis.redis, redis.prefix, runId, [{ type: 'end', runId, ts: Date.now(), status: 'cancelled' }]);
    expect((await reading).map((e) => e.event.type)).toEqual(['metric', 'end']);
  });

  it('format as Server-Sent Events carrying the stream id', async () => {
    expect(formatSse({ id: '1-0', event: { type: 'log', runId: 'r', ts: 1, message: 'hi' } }))
      .toBe('id: 1-0\ndata: {"type":"log","runId":"r","ts":1,"message":"hi"}\n\n');
    const runId = 'run-c';
    await publishRunEvents(redis.redis, redis.prefix, runId, [metric(runId, 1, 2), { type: 'end', runId, ts: 1, status: 'completed' }]);
    const text = await new Response(runEventsSseStream(redis.redis.duplicate(), { prefix: redis.prefix, runId })).text();
    expect(text.startsWith('retry: 2000\n\n')).toBe(true);
    expect(text.match(/^id: \d+-\d+$/gm)).toHaveLength(2);
    expect(text).toContain('"type":"end"');
  });
});

describe('worker heartbeat', () => {
  const redis = isolatedRedis('heartbeat');
  afterAll(() => redis.cleanup());

  it('lists a worker while it beats and forgets it once the beat expires', async () => {
    const info = { workerId: 'h:1', hostname: 'h', pid: 1, startedAt: new Date().toISOString(), queues: ['training'], concurrency: 1, activeJobs: [] };
    await beatWorker(redis.redis, redis.prefix, info, 1);
    expect((await listLiveWorkers(redis.redis, redis.prefix)).map((w) => w.workerId)).toEqual(['h:1']);
    await new Promise((r) => setTimeout(r, 1300));
    expect(await listLiveWorkers(redis.redis, redis.prefix)).toEqual([]);
  });

  it('carries what the worker trains with to the Workers page', async () => {
    const engine = { kind: 'wasm' as const, simd: true, fma: false, trainingThreads: 2, cores: 8 };
    await beatWorker(redis.redis, redis.prefix, { workerId: 'h:2', hostname: 'h', pid: 2, startedAt: new Date().toISOString(), queues: ['training'], concurrency: 2, activeJobs: [], engine });
    expect((await listLiveWorkers(redis.redis, redis.prefix)).find((w) => w.workerId === 'h:2')?.engine).toEqual(engine);
  });
});
