import { getStorageTotals } from '@overture/db';
import { listLiveWorkers, queueNames } from '@overture/jobs';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { endpoint, json } from '../http/route';
import { storeUsage } from '../services/storage';

export const healthEndpoint = endpoint({
  method: 'GET', path: '/api/health', tag: 'system', summary: 'Liveness of the web process and its database and Redis (503 when one is down)', access: 'public',
  response: z.object({ status: z.enum(['ok', 'degraded']), db: z.string(), redis: z.string() }),
  async handler({ app }) {
    const within = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 3000))]);
    const [db, redis] = await Promise.all([
      within(app.db.execute(sql`SELECT 1`)).then(() => 'ok', (e: Error) => `error: ${e.message}`),
      within(app.redis.ping()).then(() => 'ok', (e: Error) => `error: ${e.message}`),
    ]);
    const status = db === 'ok' && redis === 'ok' ? 'ok' : 'degraded';
    return json({ status, db, redis }, status === 'ok' ? 200 : 503);
  },
});

export const workersEndpoint = endpoint({
  method: 'GET', path: '/api/workers', tag: 'system', summary: 'Live workers (Redis heartbeat) and what they are running', access: 'viewer',
  response: z.object({ workers: z.array(z.object({ workerId: z.string(), hostname: z.string(), pid: z.number(), startedAt: z.string(), queues: z.array(z.string()), concurrency: z.number(), activeJobs: z.array(z.string()), backend: z.string().optional(),
    engine: z.object({ kind: z.enum(['wasm', 'cpu', 'node', 'gpu']), simd: z.boolean(), fma: z.boolean(), trainingThreads: z.number(), cores: z.number() }).optional(), beatAt: z.string().optional() })) }),
  async handler({ app }) {
    return { workers: await listLiveWorkers(app.redis, app.env.OVERTURE_REDIS_PREFIX) };
  },
});

export const queuesEndpoint = endpoint({
  method: 'GET', path: '/api/queues', tag: 'system', summary: 'Queue depth: jobs waiting, running, delayed and failed per queue', access: 'viewer',
  response: z.object({ queues: z.array(z.object({ name: z.string(), waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number(), completed: z.number() })) }),
  async handler({ app }) {
    const queues = await Promise.all(queueNames.map(async (name) => {
      const c = await app.queues[name].getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
      return { name, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 };
    }));
    return { queues };
  },
});

export const storageEndpoint = endpoint({
  method: 'GET', path: '/api/storage', tag: 'system', summary: 'Disk usage of the artifact store (DATA_DIR) and what the database records', access: 'viewer',
  response: z.object({ dataDir: z.record(z.string(), z.number()), recorded: z.object({ datasetBytes: z.number(), datasetCount: z.number(), artifactBytes: z.number(), artifactCount: z.number() }) }),
  async handler({ app }) {
    const [dataDir, recorded] = await Promise.all([storeUsage(app.env.dataDir), getStorageTotals(app.db)]);
    return { dataDir, recorded };
  },
});

export const openApiEndpoint = endpoint({
  method: 'GET', path: '/api/openapi.json', tag: 'system', summary: 'This document (OpenAPI 3.1), built from the route schemas', access: 'public',
  async handler() {
    const [{ openApiDocument }, { allEndpoints }] = await Promise.all([import('../http/openapi'), import('./index')]);
    return openApiDocument(allEndpoints);
  },
});
