import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { startPlatform, type Platform } from '../../e2e/support/platform.js';
import { freePort } from '@overture/testing';
import { repoRoot } from '../lib/paths.js';

/**
 * The platform as `npm start` runs it (front server answering /predict itself, built web app, one
 * worker); the rate limit is lifted so it does not cap the load. The web app's internal port and
 * the Redis prefix are chosen here, so the routing comparison can reach Next and the replicas.
 */
export async function startBenchPlatform(redisPrefix: string): Promise<{ platform: Platform; webPort: number }> {
  if (!existsSync(join(repoRoot, 'apps/web/.next/BUILD_ID')) || !existsSync(join(repoRoot, 'apps/serving/dist/front-main.js'))) {
    console.error('apps/web/.next or apps/serving/dist is missing: run `npm run build` first (or pass --no-platform).');
    process.exit(1);
  }
  const webPort = await freePort();
  const platform = await startPlatform('benchserve', { OVERTURE_PREDICT_RATE_LIMIT: '10000000', OVERTURE_WEB_PORT: String(webPort), OVERTURE_REDIS_PREFIX: redisPrefix });
  return { platform, webPort };
}

/** A small JSON client of the platform's API (Bearer key, or the session cookie with its Origin). */
export function apiClient(baseURL: string, auth: { key: string } | { cookie: string }) {
  const headers: Record<string, string> = 'key' in auth ? { authorization: `Bearer ${auth.key}` } : { cookie: auth.cookie, origin: baseURL };
  return async function call<T = any>(method: string, path: string, body?: unknown, expect = method === 'POST' ? 201 : 200): Promise<T> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${baseURL}${path}`, init);
    const text = await response.text();
    if (response.status !== expect) throw new Error(`${method} ${path}: expected ${expect}, got ${response.status}: ${text.slice(0, 1000)}`);
    return JSON.parse(text) as T;
  };
}

/** Signs in as the platform's first admin and creates an API key of theirs (the bootstrap key is no user's). */
export async function createApiKey(platform: Platform): Promise<string> {
  const login = await fetch(`${platform.baseURL}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: platform.baseURL },
    body: JSON.stringify({ email: platform.adminEmail, password: platform.adminPassword }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { key } = await apiClient(platform.baseURL, { cookie })<{ key: string }>('POST', '/api/api-keys', { name: 'bench serve' });
  return key;
}

async function poll<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * The benchmark's model on the platform, through its API as a user would: upload the CSV, create a
 * model with the explicit config, train one run per seed (one worker: in turn), and return the run ids.
 */
export async function trainOnPlatform(call: ReturnType<typeof apiClient>, csv: string, config: string, seeds: number[]): Promise<string[]> {
  const form = new FormData();
  form.set('file', new Blob([await readFile(csv)], { type: 'text/csv' }), basename(csv));
  const dataset = await call<{ id: string }>('POST', '/api/datasets', form);
  const ready = await poll('the dataset profile', async () => {
    const d = await call<{ status: string; error?: string }>('GET', `/api/datasets/${dataset.id}`);
    return d.status === 'profiling' ? null : d;
  }, 120_000);
  if (ready.status !== 'ready') throw new Error(`dataset ${ready.status}: ${ready.error}`);
  const model = await call<{ versionId: string }>('POST', '/api/models', { name: 'bench tickets', datasetId: dataset.id, config });
  const runs = [];
  for (const seed of seeds) runs.push((await call<{ id: string }>('POST', '/api/runs', { versionId: model.versionId, seed })).id);
  for (const id of runs) {
    const run = await poll(`run ${id}`, async () => {
      const r = await call<{ status: string }>('GET', `/api/runs/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(r.status) ? r : null;
    }, 600_000);
    if (run.status !== 'completed') throw new Error(`run ${id} ${run.status}: ${JSON.stringify(run).slice(0, 1000)}`);
  }
  return runs;
}
