import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countPredictionLog, createApiKey, createDeployment, createUser, deleteDeployment, getDeployment, revokeApiKey, updateDeploymentRun, updateDeploymentTraffic, updateUserRole, getRun, type UserRole } from '@overture/db';
import { createBus, ROLE_HEADER, sha256, VERSION_HEADER, type Bus } from '@overture/deployments';
import { createRedis } from '@overture/jobs';
import { createTestDatabase, createTestRedis, parsePrometheus, seedCompletedRun, type TestDatabase, type TestRedis } from '@overture/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServingContext, type ServingContext } from '../src/context.js';
import { loadServingEnv } from '../src/env.js';
import { REPLICA_HEADER, startServingServer, type ServingServer } from '../src/server.js';

// Bundles written by the trainer for the serving package's tests (two seeds of one config).
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures');
const row = { x1: 0.8, x2: -0.3, color: 'red', day: '2024-07-14', tags: ['red', 'sale'] };
const hint = ': GET /api/deployments lists the deployments; POST /api/deployments creates one.';

describe('the serving process', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let dataDir: string;
  let ctx: ServingContext;
  let server: ServingServer;
  let publisher: Redis;
  /** The web's side of the bus: what a deploy, swap, undeploy or revocation publishes. */
  let bus: Bus;
  let member: { id: string; key: string; keyId: string };
  let admin: { id: string; key: string; keyId: string };
  let runV1: string;
  let runV2: string;
  let users = 0;

  async function user(role: UserRole) {
    const created = await createUser(database.db, { email: `${role}${++users}@example.com`, passwordHash: 'not-used', role });
    const key = `ovt_test_${role}_${users}_${Math.random().toString(36).slice(2)}`;
    const row = await createApiKey(database.db, { userId: created.id, name: 'test', prefix: key.slice(0, 10), keyHash: sha256(key) });
    return { id: created.id, key, keyId: row.id };
  }

  /** A completed run whose bundle is a copy of a fixture, recorded as the worker records it. */
  async function completedRun(fixture: string): Promise<string> {
    return (await seedCompletedRun(database.db, dataDir, path.join(fixtures, fixture, 'model'))).id;
  }

  /** What the web does on POST /api/deployments once its own probe passed: the row, then the event. */
  async function deploy(name: string, runId: string): Promise<void> {
    const run = await getRun(database.db, runId);
    await createDeployment(database.db, { name, runId, modelVersionId: run!.modelVersionId, createdById: member.id });
    await bus.publish({ type: 'deployment', name });
  }

  function predict(url: string, init: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    let body = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${server.url}${url}`, { method: 'POST', headers, body });
  }

  async function json(response: Response, status: number): Promise<Record<string, any>> {
    const text = await response.text();
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
    return JSON.parse(text);
  }

  /** Polls until `check` holds; resolves with the milliseconds it took. */
  async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
    const started = performance.now();
    for (;;) {
      if (await check()) return performance.now() - started;
      if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase('serving');
    redis = createTestRedis('serving');
    dataDir = mkdtempSync(path.join(tmpdir(), 'overture-serving-'));
    member = await user('member');
    admin = await user('admin');
    runV1 = await completedRun('multi-task');
    runV2 = await completedRun('multi-task-v2');
    // A deployment that exists before the process starts: loaded at start, behind readiness.
    const run = await getRun(database.db, runV1);
    await createDeployment(database.db, { name: 'churn', runId: runV1, modelVersionId: run!.modelVersionId, createdById: member.id });
    const env = loadServingEnv({
      DATABASE_URL: database.url, REDIS_URL: redis.url, DATA_DIR: dataDir, OVERTURE_REDIS_PREFIX: redis.prefix,
      OVERTURE_MAX_PREDICT_BYTES: String(10 * 1024 * 1024), OVERTURE_PREDICT_RATE_LIMIT: '400', OVERTURE_METRICS_TOKEN: 'scrape-token-0123456789',
    });
    ctx = createServingContext(env, { log: () => undefined });
    await ctx.bus.ready;
    server = await startServingServer(ctx, { host: '127.0.0.1', port: 0, loaded: ctx.serving.loadAll(), replicaId: 'test:1' });
    publisher = createRedis(redis.url);
    bus = createBus(publisher, redis.prefix, () => undefined, () => undefined);
    await within(30_000, async () => (await fetch(`${server.url}/ready`)).status === 200);
  });
  afterAll(async () => {
    bus?.close();
    publisher?.disconnect();
    await server?.close();
    await ctx?.close();
    await redis?.cleanup();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a deployment active at start, naming the version and the replica that answered', async () => {
    const response = await predict('/predict/churn', { key: member.key, body: { instances: [row, { x1: 1 }] } });
    expect(response.headers.get(VERSION_HEADER)).toBe(runV1);
    expect(response.headers.get(REPLICA_HEADER)).toBe('test:1');
    const body = await json(response, 200);
    expect(body.predictions[0].kind.prediction).toEqual(expect.any(String));
    expect(body.predictions[1]).toBeNull();
    expect(body.errors).toEqual([{ row: 2, message: expect.stringMatching(/^missing features 'x2'/) }]);
    const byBody = await json(await predict('/predict?format=ludwig', { key: member.key, body: { model: 'churn', instances: [row] } }), 200);
    expect(Object.keys(byBody.predictions[0])).toContain('kind_predictions');
    const csv = await predict('/predict/churn', { key: member.key, raw: 'x1,x2,color,day,tags\n0.8,-0.3,red,2024-07-14,red sale\n', headers: { 'content-type': 'text/csv', accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).trim().split('\n')[0].split(',')).toContain('kind_predictions');
  });

  it('answers a new deployment within 1 s of the deploy event, hot-swaps within 1 s, and answers 404 within 1 s of the undeploy', async () => {
    await deploy('fresh', runV1);
    const firstAnswer = await within(1000, async () => (await predict('/predict/fresh', { key: member.key, body: { instances: [row] } })).status === 200);
    expect(firstAnswer).toBeLessThan(1000);
    await updateDeploymentRun(database.db, 'fresh', { runId: runV2, modelVersionId: (await getRun(database.db, runV2))!.modelVersionId });
    await bus.publish({ type: 'deployment', name: 'fresh' });
    await within(1000, async () => (await predict('/predict/fresh', { key: member.key, body: { instances: [row] } })).headers.get(VERSION_HEADER) === runV2);
    await deleteDeployment(database.db, 'fresh');
    await bus.publish({ type: 'deployment', name: 'fresh' });
    await within(1000, async () => (await predict('/predict/fresh', { key: member.key, body: { instances: [row] } })).status === 404);
    const gone = await json(await predict('/predict/fresh', { key: member.key, body: { instances: [row] } }), 404);
    expect(gone.error).toEqual({ code: 'not_found', message: `no deployment named 'fresh' (or you cannot see it)${hint}` });
  });

  it('follows a traffic split within 1 s: the canary answers its share, the shadow is logged and never answers, and removing it unloads both', async () => {
    await deploy('split', runV1);
    await within(1000, async () => (await predict('/predict/split', { key: member.key, body: { instances: [row] } })).status === 200);
    await updateDeploymentTraffic(database.db, 'split', { canaryRunId: runV2, canaryPercent: 50, shadowRunId: runV2, shadowPercent: 100, logPercent: 0 });
    await bus.publish({ type: 'deployment', name: 'split' });
    await within(1000, async () => ctx.serving.engine.has('split@canary') && ctx.serving.engine.has('split@shadow'));
    const versions = { [runV1]: 0, [runV2]: 0 };
    for (let i = 0; i < 60; i++) {
      const response = await predict('/predict/split', { key: member.key, body: { instances: [row] } });
      expect(response.status).toBe(200);
      const version = response.headers.get(VERSION_HEADER)!;
      expect(response.headers.get(ROLE_HEADER)).toBe(version === runV2 ? 'canary' : 'primary');
      versions[version] += 1;
      await response.arrayBuffer();
    }
    // 50% of 60: both answer (a miss of either has odds of 1 in 2^59).
    expect(versions[runV1]).toBeGreaterThan(0);
    expect(versions[runV2]).toBeGreaterThan(0);
    const deployment = (await getDeployment(database.db, 'split'))!;
    await within(5000, async () => {
      await ctx.predictionLog.flush();
      return (await countPredictionLog(database.db, deployment.id)).shadow === 60;
    });
    // Removing the split under traffic unloads the canary and the shadow, failing no request.
    let sending = true;
    const statuses: number[] = [];
    const sender = await user('member'); // a key of its own: the rate limit (400 a minute) counts per key
    const traffic = Promise.all(Array.from({ length: 8 }, async () => {
      for (let sent = 0; sending && sent < 45; sent++) {
        const response = await predict('/predict/split', { key: sender.key, body: { instances: [row] } });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
    }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await updateDeploymentTraffic(database.db, 'split', { canaryRunId: null, canaryPercent: 0, shadowRunId: null, shadowPercent: 0, logPercent: 0 });
    await bus.publish({ type: 'deployment', name: 'split' });
    await within(1000, async () => !ctx.serving.engine.has('split@canary') && !ctx.serving.engine.has('split@shadow'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    sending = false;
    await traffic;
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect((await predict('/predict/split', { key: member.key, body: { instances: [row] } })).headers.get(VERSION_HEADER)).toBe(runV1);
  });

  it('answers 404 naming an unknown deployment on /predict, /predict/<name> and CSV, as the web does', async () => {
    const variants: [string, Parameters<typeof predict>[1], string][] = [
      ['/predict', { body: { model: 'nope', instances: [row] } }, 'nope'],
      ['/predict/nope', { body: { instances: [row] } }, 'nope'],
      ['/predict/penguins', { body: { instances: [{ island: 'Biscoe', beak_length_mm: 45.1 }] } }, 'penguins'],
      ['/predict?model=nope', { raw: 'x1\n1\n', headers: { 'content-type': 'text/csv' } }, 'nope'],
      ['/predict/a%00b', { body: { instances: [row] } }, 'a\u0000b'],
      ['/predict/..%2F..%2Fetc', { body: { instances: [row] } }, '../../etc'],
    ];
    for (const [url, options, name] of variants) {
      const body = await json(await predict(url, { key: member.key, ...options }), 404);
      expect(body.error).toEqual({ code: 'not_found', message: `no deployment named '${name}' (or you cannot see it)${hint}` });
    }
  });

  it('answers 400 for malformed bodies, 415 for other content types, 413 over the limit and 401 without a valid key, with the web\'s messages', async () => {
    const variants: [Parameters<typeof predict>[1], string | RegExp][] = [
      [{ body: { instances: [] } }, "'instances' is empty: send at least one row."],
      [{ body: { instances: null } }, `'instances' must be a list of rows ({"column": value, …}), got null.`],
      [{ body: { instances: [row, 7, [0.8, -0.3]] } }, `'instances' must be a list of objects ({"column": value, …}): row 2 is number 7, row 3 is a list.`],
      [{ body: { rows: [row] } }, 'the body must be a JSON object with "instances": a list of rows ({"column": value, …}).'],
      [{ raw: '{"instances": [', headers: { 'content-type': 'application/json' } }, /^the body is not valid JSON: .*\. Send \{"instances": \[\{"column": value, …\}\]\}\.$/],
      [{ body: { instances: [row], explain: 'yes' } }, '"explain" must be true or false, got "yes".'],
      [{ raw: 'x1,x2,color,day,tags\n', headers: { 'content-type': 'text/csv' } }, 'the CSV body has a header but no rows: send at least one row.'],
      [{ raw: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv' } }, "missing column 'x1' required by input feature 'x1'"],
    ];
    for (const [options, message] of variants) {
      const body = await json(await predict('/predict/churn', { key: member.key, ...options }), 400);
      expect(['invalid_input', 'invalid_data']).toContain(body.error.code);
      if (typeof message === 'string') expect(body.error.message).toBe(message);
      else expect(body.error.message).toMatch(message);
    }
    const noModel = await json(await predict('/predict', { key: member.key, body: { instances: [row] } }), 400);
    expect(noModel.error.message).toBe('name the deployment: {"model": "<deployment>", "instances": […]} or POST /predict/<deployment>.');
    const wrongType = await json(await predict('/predict/churn', { key: member.key, raw: 'x1=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
    expect(wrongType.error).toEqual({ code: 'unsupported_media_type', message: 'Content-Type application/x-www-form-urlencoded is not supported: send application/json ({"instances": […]}) or text/csv.' });
    const big = JSON.stringify({ model: 'churn', instances: Array.from({ length: 150_000 }, () => row) });
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const tooBig = await json(await predict('/predict', { key: member.key, raw: big, headers: { 'content-type': 'application/json' } }), 413);
    expect(tooBig.error).toEqual({ code: 'too_large', message: 'the request body is larger than 10 MB; send fewer rows per request, or use a batch prediction.' });
    expect((await json(await predict('/predict/churn', { body: { instances: [row] } }), 401)).error.message).toBe('sign in, or send "Authorization: Bearer <API key>".');
    expect((await json(await predict('/predict/churn', { key: 'ovt_not-a-key', body: { instances: [row] } }), 401)).error.message).toBe('this API key is not valid (unknown or revoked).');
    const wrongMethod = await fetch(`${server.url}/predict/churn`);
    expect(wrongMethod.status).toBe(405);
  });

  it('refuses a revoked key at once when the revocation is published (its cached lookup is dropped)', async () => {
    const holder = await user('viewer');
    await json(await predict('/predict/churn', { key: holder.key, body: { instances: [row] } }), 200);
    await revokeApiKey(database.db, holder.keyId);
    await bus.publish({ type: 'api_key_revoked', keyHash: sha256(holder.key) });
    await within(1000, async () => (await predict('/predict/churn', { key: holder.key, body: { instances: [row] } })).status === 401);
  });

  it('drops a user\'s cached keys when a role change is published', async () => {
    const boss = await user('admin');
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${boss.key}` } })).status).toBe(200);
    await updateUserRole(database.db, boss.id, 'member');
    await bus.publish({ type: 'user_changed', userId: boss.id });
    await within(1000, async () => (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${boss.key}` } })).status === 403);
  });

  it('rate-limits per API key in Redis (429 with Retry-After), counting what the web counted', async () => {
    const caller = await user('viewer');
    // The web and this process share the window: requests counted elsewhere count here.
    const window = Math.floor(Date.now() / 60_000);
    await publisher.set(`${redis.prefix}:ratelimit:predict:${caller.keyId}:${window}`, '399', 'EX', 120);
    await json(await predict('/predict/churn', { key: caller.key, body: { instances: [row] } }), 200);
    const limited = await predict('/predict/churn', { key: caller.key, body: { instances: [row] } });
    const body = await json(limited, 429);
    expect(body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 503 with a clear message for a deployment whose bundle does not load, and keeps serving the others', async () => {
    const runId = await completedRun('multi-task');
    rmSync(path.join(dataDir, `runs/${runId}/output/model`), { recursive: true, force: true });
    await deploy('fragile', runId);
    await within(1000, async () => (await predict('/predict/fragile', { key: member.key, body: { instances: [row] } })).status === 503);
    const response = await predict('/predict/fragile', { key: member.key, body: { instances: [row] } });
    const body = await json(response, 503);
    expect(body.error).toEqual({ code: 'unavailable', message: `deployment 'fragile' cannot be served right now: its model (run ${runId}) failed to load; the details are in the server log. Point it at a working run with PUT /api/deployments/fragile.` });
    await json(await predict('/predict/churn', { key: member.key, body: { instances: [row] } }), 200);
    await deleteDeployment(database.db, 'fragile');
    await bus.publish({ type: 'deployment', name: 'fragile' });
  });

  it('exposes the web\'s /predict series at /metrics, to the scrape token or an admin only', async () => {
    await json(await predict('/predict/churn', { key: member.key, body: { instances: [row, row, row] } }), 200);
    const scraped = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } });
    expect(scraped.status).toBe(200);
    const metrics = parsePrometheus(await scraped.text());
    const labels = { deployment: 'churn', version: runV1, service: 'serving' };
    expect(metrics.value('overture_predict_requests_total', { ...labels, status: '200' })).toBeGreaterThanOrEqual(3);
    expect(metrics.value('overture_predict_requests_total', { ...labels, status: '400' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value('overture_predict_rows_total', labels)).toBeGreaterThanOrEqual(5);
    expect(metrics.value('overture_predict_duration_seconds_count', labels)).toBeGreaterThanOrEqual(3);
    expect(metrics.types.get('overture_predict_duration_seconds')).toBe('histogram');
    expect(metrics.value('overture_model_load_seconds_count', { deployment: 'churn', outcome: 'loaded' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value('overture_model_load_seconds_count', { deployment: 'fragile', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value('overture_http_requests_total', { route: '/predict/{deployment}', method: 'POST', status: '404' })).toBeGreaterThanOrEqual(1);
    // Names that are not deployments never become labels.
    expect(metrics.samples.some((s) => s.labels.deployment === 'nope')).toBe(false);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${member.key}` } })).status).toBe(403);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${admin.key}` } })).status).toBe(200);
  });
});
