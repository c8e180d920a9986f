import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabase, ensureDatabase } from '@overture/db';
import { createServiceLogger, jobRequestId } from '@overture/jobs';
import { machineDatabaseUrl, parsePrometheus, seedCompletedRun, seedDataset, startPrivateRedis, toyConfig, toyCsv } from '@overture/testing';
import { renderConfigYaml } from '@overture/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setContext } from '@/server/context';
import { requestLogFields } from '@/server/observability/request-scope';
import { expectJson, startTestApp, type TestApp } from './harness';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures');
const row = { x1: 0.8, x2: -0.3, color: 'red', day: '2024-07-14', tags: ['red', 'sale'] };
const METRICS_TOKEN = 'scrape-token-0123456789';

/** The overture_* series the Grafana dashboard queries, by metric family (histogram suffixes dropped). */
function dashboardFamilies(): string[] {
  const dashboard = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../infra/grafana/overture.json'), 'utf8');
  const names = [...dashboard.matchAll(/overture_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''));
  return [...new Set(names)].filter((n) => n !== 'overture_platform');
}

/** Families served by worker processes (the rest come from the web's /api/metrics). */
const workerFamily = (name: string) => /^overture_(worker_|jobs_|job_|training_)/.test(name);


describe('operations: metrics, readiness, request ids and logs', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['user']>>;
  let member: Awaited<ReturnType<TestApp['user']>>;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const logger = createServiceLogger({ service: 'web', destination: { write: (line: string) => { lines.push(JSON.parse(line)); } }, mixin: requestLogFields });
    t = await startTestApp('operations', { OVERTURE_METRICS_TOKEN: METRICS_TOKEN }, { logger });
    admin = await t.user('admin');
    member = await t.user('member');
  });
  afterAll(async () => { await t.close(); });

  const scrape = async () => {
    const response = await t.call('GET', '/api/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await response.text());
  };

  /** A completed run whose bundle is a copy of a serving fixture. */
  async function completedRun(): Promise<string> {
    return (await seedCompletedRun(t.database.db, t.dataDir, path.join(fixtures, 'multi-task', 'model'))).id;
  }

  it('answers liveness without touching the database or Redis', async () => {
    const started = performance.now();
    expect(await expectJson(await t.call('GET', '/api/health'), 200)).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('is ready when Postgres and Redis answer and every migration is applied', async () => {
    expect(await expectJson(await t.call('GET', '/api/ready'), 200)).toEqual({
      status: 'ready', failed: [], checks: { database: { ok: true }, redis: { ok: true }, migrations: { ok: true } },
    });
  });

  it('protects /api/metrics: scrape token or an admin; 401 without, 403 for a member, 401 for a wrong token', async () => {
    expect((await expectJson(await t.call('GET', '/api/metrics'), 401)).error.code).toBe('unauthorized');
    expect((await expectJson(await t.call('GET', '/api/metrics', { headers: { authorization: 'Bearer not-the-token-at-all' } }), 401)).error.message).toMatch(/OVERTURE_METRICS_TOKEN/);
    expect((await expectJson(await t.call('GET', '/api/metrics', { as: member.key }), 403)).error.message).toMatch(/admin role/);
    const byAdmin = await t.call('GET', '/api/metrics', { as: admin.key });
    expect(byAdmin.status).toBe(200);
    expect(parsePrometheus(await byAdmin.text()).has('overture_http_requests_total')).toBe(true);
  });

  it('counts requests by route template, method and status, with latency histograms', async () => {
    const before = await scrape();
    const health = { route: '/api/health', method: 'GET', status: '200' };
    const missing = { route: '/api/runs/{id}', method: 'GET', status: '404' };
    await t.call('GET', '/api/health');
    await t.call('GET', '/api/health');
    await t.call('GET', `/api/runs/${crypto.randomUUID()}`, { as: member.key });
    const after = await scrape();
    expect(after.types.get('overture_http_requests_total')).toBe('counter');
    expect(after.types.get('overture_http_request_duration_seconds')).toBe('histogram');
    expect(after.value('overture_http_requests_total', health) - before.value('overture_http_requests_total', health)).toBe(2);
    expect(after.value('overture_http_requests_total', missing) - before.value('overture_http_requests_total', missing)).toBe(1);
    expect(after.value('overture_http_request_duration_seconds_count', health) - before.value('overture_http_request_duration_seconds_count', health)).toBe(2);
    expect(after.value('overture_http_request_duration_seconds_bucket', { ...health, le: '+Inf' })).toBe(after.value('overture_http_request_duration_seconds_count', health));
    expect(after.has('overture_web_process_cpu_seconds_total')).toBe(true);
  });

  it('counts /predict per deployment and version (requests, rows, latency) and model load time; an unknown name is a 404 and no series', async () => {
    const runId = await completedRun();
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'ops-churn', runId }, headers: { 'x-request-id': 'req-deploy-1' } }), 201);
    // Lines written while a request is handled (here: loading the model) carry its id without being passed it.
    expect(lines).toContainEqual(expect.objectContaining({ requestId: 'req-deploy-1', msg: `serving deployment ops-churn from run ${runId}` }));
    const before = await scrape();
    const labels = { deployment: 'ops-churn', version: runId };
    await expectJson(await t.call('POST', '/predict/ops-churn', { as: member.key, body: { instances: [row, row, row] } }), 200);
    await expectJson(await t.call('POST', '/predict', { as: member.key, body: { model: 'ops-churn', instances: [row] } }), 200);
    await expectJson(await t.call('POST', '/predict/no-such-deployment', { as: member.key, body: { instances: [row] } }), 404);
    const after = await scrape();
    expect(after.value('overture_predict_requests_total', { ...labels, status: '200' }) - before.value('overture_predict_requests_total', { ...labels, status: '200' })).toBe(2);
    expect(after.value('overture_predict_rows_total', labels) - before.value('overture_predict_rows_total', labels)).toBe(4);
    expect(after.value('overture_predict_duration_seconds_count', labels) - before.value('overture_predict_duration_seconds_count', labels)).toBe(2);
    expect(after.value('overture_model_load_seconds_count', { deployment: 'ops-churn', outcome: 'loaded' })).toBeGreaterThanOrEqual(1);
    expect(after.samples.some((s) => s.labels.deployment === 'no-such-deployment')).toBe(false);
    expect(after.value('overture_http_requests_total', { route: '/predict/{deployment}', status: '404' })).toBeGreaterThanOrEqual(1);
  });

  it('answers 404 for a deployment deleted behind this process (another web process) and for an undeployed one', async () => {
    const runId = await completedRun();
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'ops-gone', runId } }), 201);
    await expectJson(await t.call('POST', '/predict/ops-gone', { as: member.key, body: { instances: [row] } }), 200);
    // Another process deletes the row and announces it on the bus; this one follows.
    await t.database.pool.query('DELETE FROM deployments WHERE name = $1', ['ops-gone']);
    await t.app.serving.refresh('ops-gone');
    expect((await expectJson(await t.call('POST', '/predict/ops-gone', { as: member.key, body: { instances: [row] } }), 404)).error.code).toBe('not_found');
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'ops-undeployed', runId } }), 201);
    await expectJson(await t.call('DELETE', '/api/deployments/ops-undeployed', { as: member.key }), 200);
    expect((await expectJson(await t.call('POST', '/predict', { as: member.key, body: { model: 'ops-undeployed', instances: [row] } }), 404)).error.code).toBe('not_found');
    expect((await expectJson(await t.call('POST', '/predict?model=ops-undeployed', { as: member.key, raw: 'x1,x2\n1,2\n', headers: { 'content-type': 'text/csv' } }), 404)).error.code).toBe('not_found');
  });

  it('reports queue depths and live workers read from Redis', async () => {
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(30));
    const model = await expectJson(await t.call('POST', '/api/models', { as: member.key, body: { name: 'ops-toy', datasetId: dataset.id, config: renderConfigYaml(toyConfig()) } }), 201);
    const before = (await scrape()).value('overture_queue_jobs', { queue: 'training', state: 'waiting' });
    await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId: model.versionId } }), 201);
    const after = await scrape();
    expect(after.value('overture_queue_jobs', { queue: 'training', state: 'waiting' })).toBe(before + 1);
    expect(after.samples.filter((s) => s.name === 'overture_queue_jobs').map((s) => s.labels.queue)).toEqual(expect.arrayContaining(['datasets', 'training', 'predictions']));
    expect(after.value('overture_workers_live')).toBe(0);
  });

  it('serves every web series the Grafana dashboard queries', async () => {
    const families = dashboardFamilies().filter((n) => !workerFamily(n));
    expect(families.length).toBeGreaterThan(8);
    const scraped = await scrape();
    expect(families.filter((n) => !scraped.types.has(n))).toEqual([]);
  });

  it('returns a well-formed X-Request-Id, replaces a malformed one, and carries it into the job and the log lines', async () => {
    const echoed = await t.call('GET', '/api/health', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc.123');
    const replaced = await t.call('GET', '/api/health', { headers: { 'x-request-id': 'evil\tid {"level":"error"}' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.call('GET', '/api/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(30));
    const model = await expectJson(await t.call('POST', '/api/models', { as: member.key, body: { name: 'ops-traced', datasetId: dataset.id, config: renderConfigYaml(toyConfig()) } }), 201);
    const response = await t.call('POST', '/api/runs', { as: member.key, body: { versionId: model.versionId }, headers: { 'x-request-id': 'req-train-42' } });
    const run = await expectJson(response, 201);
    expect(response.headers.get('x-request-id')).toBe('req-train-42');
    const job = await t.app.queues.training.getJob(run.id);
    expect(jobRequestId(job!.data)).toBe('req-train-42');
    expect(lines).toContainEqual(expect.objectContaining({ service: 'web', level: 'info', requestId: 'req-train-42', route: '/api/runs', method: 'POST', status: 201, msg: expect.stringMatching(/^POST \/api\/runs 201 /) }));
  });

  it('writes an access line per request with its request id, never the caller\'s credentials', async () => {
    const at = lines.length;
    await t.call('GET', '/api/datasets', { as: member.key, headers: { 'x-request-id': 'req-list-2' } });
    const written = lines.slice(at);
    expect(written).toContainEqual(expect.objectContaining({ requestId: 'req-list-2', route: '/api/datasets', status: 200 }));
    expect(JSON.stringify(written)).not.toContain(member.key.key);
  });
});

describe('readiness failures (real services stopped or missing)', () => {
  it('answers 503 naming redis while its Redis is down, and ready again once it is back', async () => {
    const redis = await startPrivateRedis();
    const t = await startTestApp('ready-redis', { REDIS_URL: redis.url });
    try {
      expect((await expectJson(await t.call('GET', '/api/ready'), 200)).status).toBe('ready');
      const restarted = redis.restart(5000);
      const down = await waitForStatus(t, 503);
      expect(down).toMatchObject({ status: 'not_ready', failed: ['redis'], checks: { database: { ok: true }, migrations: { ok: true }, redis: { ok: false, detail: expect.any(String) } } });
      expect((await expectJson(await t.call('GET', '/api/health'), 200)).status).toBe('ok');
      await restarted;
      expect((await waitForStatus(t, 200)).status).toBe('ready');
    } finally {
      await t.close().catch(() => undefined);
      setContext(undefined);
      await redis.destroy();
    }
  }, 60_000);

  it('answers 503 naming migrations on a database without the schema, and database when Postgres is unreachable', async () => {
    const name = `overture_web_unmigrated_${process.pid}`;
    const url = new URL(machineDatabaseUrl);
    url.pathname = `/${name}`;
    await ensureDatabase(url.toString());
    const unmigrated = await startTestApp('ready-db2', { DATABASE_URL: url.toString() });
    try {
      const body = await expectJson(await unmigrated.call('GET', '/api/ready'), 503);
      expect(body.failed).toEqual(['migrations']);
      expect(body.checks.migrations.detail).toMatch(/^\d+ migration\(s\) not applied \(0000_initial, .*npm run db:migrate/);
    } finally {
      await unmigrated.close().catch(() => undefined);
      await dropDatabase(machineDatabaseUrl, name);
    }
    const unreachable = await startTestApp('ready-db3', { DATABASE_URL: 'postgresql://postgres:secret-pw@127.0.0.1:1/overture' });
    try {
      const body = await expectJson(await unreachable.call('GET', '/api/ready'), 503);
      expect(body.failed).toEqual(['database', 'migrations']);
      expect(JSON.stringify(body)).not.toContain('secret-pw');
    } finally {
      await unreachable.close().catch(() => undefined);
    }
  }, 60_000);
});

async function waitForStatus(t: TestApp, status: number): Promise<Record<string, any>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await t.call('GET', '/api/ready');
    if (response.status === status) return response.json();
    if (Date.now() > deadline) throw new Error(`/api/ready stayed ${response.status}: ${await response.text()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
