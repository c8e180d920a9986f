import { timingSafeEqual } from 'node:crypto';
import { getStorageTotals, pendingMigrations } from '@overture/db';
import { listLiveWorkers, queueNames, redactText } from '@overture/jobs';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { sha256 } from '../auth/tokens';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { endpoint, json } from '../http/route';
import { refreshClusterGauges, webMetrics } from '../observability/metrics';
import { storeUsage } from '../services/storage';

export const healthEndpoint = endpoint({
  method: 'GET', path: '/api/health', tag: 'system', summary: 'Liveness: the web process answers (no database or Redis call; readiness is /api/ready)', access: 'public',
  response: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }),
  async handler() {
    return { status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) };
  },
});

const ZCheck = z.object({ ok: z.boolean(), detail: z.string().optional() });

export const readyEndpoint = endpoint({
  method: 'GET', path: '/api/ready', tag: 'system', summary: 'Readiness: Postgres reachable, Redis reachable, migrations applied (503 naming the checks that failed)', access: 'public',
  response: z.object({ status: z.enum(['ready', 'not_ready']), failed: z.array(z.string()), checks: z.object({ database: ZCheck, redis: ZCheck, migrations: ZCheck }) }),
  async handler({ app }) {
    const checks = await readiness(app);
    const failed = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
    return json({ status: failed.length === 0 ? 'ready' : 'not_ready', failed, checks }, failed.length === 0 ? 200 : 503);
  },
});

/** Each check on its own time limit, so a hung service fails the probe instead of holding it. */
async function readiness(app: AppContext): Promise<Record<'database' | 'redis' | 'migrations', z.infer<typeof ZCheck>>> {
  const within = <T>(p: Promise<T>, ms = 2000) => {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
    return Promise.race([p, limit]).finally(() => clearTimeout(timer));
  };
  const check = (work: () => Promise<string | undefined>) => within(work()).then(
    (problem) => (problem ? { ok: false, detail: problem } : { ok: true }),
    (error: Error) => ({ ok: false, detail: redactText(error.message) }),
  );
  const database = check(async () => { await app.db.execute(sql`SELECT 1`); return undefined; });
  const migrations = database.then((db) => (db.ok ? check(async () => {
    const pending = await pendingMigrations(app.dbHandle.pool);
    return pending.length === 0 ? undefined : `${pending.length} migration(s) not applied (${pending.join(', ')}): run \`npm run db:migrate\``;
  }) : { ok: false, detail: 'the database is not reachable' }));
  // A down Redis leaves ioredis queueing commands; its status says at once that no connection is up.
  const redis = check(async () => {
    if (app.redis.status === 'end' || app.redis.status === 'close') return `not connected (${app.redis.status})`;
    await app.redis.ping();
    return undefined;
  });
  return { database: await database, redis: await redis, migrations: await migrations };
}

export const metricsEndpoint = endpoint({
  method: 'GET', path: '/api/metrics', tag: 'system', access: 'public', produces: ['text/plain'],
  summary: 'Prometheus metrics of this web process (text exposition format): an admin session or API key, or `Authorization: Bearer $OVERTURE_METRICS_TOKEN`',
  response: z.unknown(),
  async handler({ app, auth, request }) {
    if (!scraperToken(request, app.env.OVERTURE_METRICS_TOKEN)) {
      if (!auth) throw new ApiError('unauthorized', 'metrics need an admin session or API key, or "Authorization: Bearer <OVERTURE_METRICS_TOKEN>".');
      if (auth.actor.role !== 'admin') throw new ApiError('forbidden', `metrics need the admin role (or the scrape token); you are a ${auth.actor.role}.`);
    }
    const metrics = webMetrics();
    await refreshClusterGauges(metrics, app.queues, app.redis, app.env.OVERTURE_REDIS_PREFIX).catch((error: Error) => app.log(`metrics: could not read queue depths or workers from Redis (${error.message})`));
    return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' } });
  },
});

/** The request carries the configured scrape token (compared in constant time). */
function scraperToken(request: Request, token: string | undefined): boolean {
  const header = request.headers.get('authorization') ?? '';
  if (!token || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(Buffer.from(sha256(header.slice(7).trim())), Buffer.from(sha256(token)));
}

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
