import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptRequestId, createServiceLogger, jobRequestId, logFunction, redactText } from './logging.js';
import { createQueues, enqueue } from './queues.js';
import { parsePayload } from './catalog.js';
import { isolatedRedis } from './test/redis.js';

/** A logger writing into an array of parsed lines. */
function capture(mixin?: () => Record<string, unknown>) {
  const lines: Record<string, unknown>[] = [];
  const logger = createServiceLogger({ service: 'test', destination: { write: (line: string) => { lines.push(JSON.parse(line)); } }, mixin });
  return { logger, lines };
}

describe('structured logs', () => {
  it('writes one JSON object a line with service, level, time and message', () => {
    const { logger, lines } = capture(() => ({ requestId: 'req-1' }));
    logger.info({ runId: 'r1' }, 'training started');
    expect(lines).toEqual([expect.objectContaining({ service: 'test', level: 'info', msg: 'training started', runId: 'r1', requestId: 'req-1', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
  });

  it('redacts passwords, API keys, cookies, Authorization and URL passwords, in fields and in messages', () => {
    const { logger, lines } = capture();
    logger.info({
      headers: { authorization: 'Bearer ovt_abc123', cookie: 'overture_session=s3cr3t', 'user-agent': 'curl' },
      password: 'hunter2hunter2', apiKey: 'ovt_zzz', nested: { sqlPassword: 'x', url: 'mysql://reader:pa55w0rd@db:3306/shop' },
    }, 'postgres connection lost (postgresql://app:TopSecret9@10.0.0.5:5432/overture) for Bearer ovt_live_key; password=abc');
    const text = JSON.stringify(lines[0]);
    for (const secret of ['ovt_abc123', 's3cr3t', 'hunter2hunter2', 'ovt_zzz', 'pa55w0rd', 'TopSecret9', 'ovt_live_key', 'password=abc']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ headers: { authorization: '[redacted]', cookie: '[redacted]', 'user-agent': 'curl' }, password: '[redacted]', nested: { sqlPassword: '[redacted]', url: 'mysql://reader:[redacted]@db:3306/shop' } });
    expect(lines[0].msg).toBe('postgres connection lost (postgresql://app:[redacted]@10.0.0.5:5432/overture) for Bearer [redacted]; password=[redacted]');
  });

  it('takes the level from the fields, info by default, and never writes the level as a field', () => {
    const { logger, lines } = capture();
    const log = logFunction(logger);
    log('plain');
    log('bad', { level: 'error', runId: 'r' });
    log('odd', { level: 'shout' });
    expect(lines.map((l) => [l.level, l.msg, l.runId])).toEqual([['info', 'plain', undefined], ['error', 'bad', 'r'], ['info', 'odd', undefined]]);
  });

  it('leaves text without secrets as it is', () => {
    expect(redactText('run 7 #1: training 40 steps (10 per epoch) from redis://127.0.0.1:6379')).toBe('run 7 #1: training 40 steps (10 per epoch) from redis://127.0.0.1:6379');
  });

  it('accepts a well-formed X-Request-Id and replaces anything else', () => {
    expect(acceptRequestId('abc-123.DEF:9_x')).toBe('abc-123.DEF:9_x');
    for (const bad of [null, '', 'has space', 'new\nline', 'x'.repeat(129), '{"json":1}', '-leading-dash']) {
      const id = acceptRequestId(bad);
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('request ids in jobs', () => {
  const redis = isolatedRedis('logging');
  const queues = createQueues(redis.redis, redis.prefix);
  afterAll(async () => {
    await queues.close();
    await redis.cleanup();
  });

  it('carries the request id beside the payload, which handlers still parse to ids only', async () => {
    const runId = randomUUID();
    await enqueue(queues, 'training.run', { runId }, {}, { requestId: 'req-42' });
    const job = await queues.training.getJob(runId);
    expect(jobRequestId(job!.data)).toBe('req-42');
    expect(parsePayload('training.run', job!.data)).toEqual({ runId });
  });

  it('drops a malformed request id and enqueues without one when there is none', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await enqueue(queues, 'training.run', { runId: a }, {}, { requestId: 'bad id\n' });
    await enqueue(queues, 'training.run', { runId: b });
    expect((await queues.training.getJob(a))!.data).toEqual({ runId: a });
    expect(jobRequestId((await queues.training.getJob(b))!.data)).toBeUndefined();
  });
});
