import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { jobCatalog, jobNames, jobsOfQueue, parsePayload, queueNames } from './catalog.js';
import { createQueues, enqueue, removeWaitingJob } from './queues.js';
import { isolatedRedis } from './test/redis.js';

describe('job catalog', () => {
  const redis = isolatedRedis('catalog');
  const queues = createQueues(redis.redis, redis.prefix);
  afterAll(async () => {
    await queues.close();
    await redis.cleanup();
  });

  it('lists the jobs of this milestone, each on a known queue', () => {
    expect(jobNames).toEqual(['dataset.profile', 'training.run', 'training.evaluate', 'hyperopt.study', 'hyperopt.trial', 'prediction.batch']);
    for (const name of jobNames) expect(queueNames).toContain(jobCatalog[name].queue);
    expect(jobsOfQueue('training')).toEqual(['training.run', 'training.evaluate', 'hyperopt.trial']);
    // A coordinator waits on trials: it never holds a training slot.
    expect(jobsOfQueue('hyperopt')).toEqual(['hyperopt.study']);
  });

  it('accepts ids only and names the bad field', () => {
    expect(() => parsePayload('training.run', { runId: 'not-a-uuid' })).toThrow(/runId/);
    const runId = randomUUID();
    expect(parsePayload('training.run', { runId, extra: 1 })).toEqual({ runId });
  });

  it('enqueues a run once under its run id, and can take it back while it waits', async () => {
    const runId = randomUUID();
    expect(await enqueue(queues, 'training.run', { runId })).toBe(runId);
    expect(await enqueue(queues, 'training.run', { runId })).toBe(runId);
    expect(await queues.training.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const job = await queues.training.getJob(runId);
    expect(job?.opts.attempts).toBe(3);
    expect(await removeWaitingJob(queues, 'training.run', runId)).toBe(true);
    expect(await queues.training.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });
});
