import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiKey, createUser, type UserRole } from '@overture/db';
import type { ServiceLogger } from '@overture/jobs';
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from '@overture/testing';
import { createAppContext, setContext, type AppContext } from '@/server/context';
import { loadWebEnv } from '@/server/env';
import { hashPassword } from '@/server/auth/passwords';
import { API_KEY_PREFIX, randomToken, sha256 } from '@/server/auth/tokens';

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>>;

// Every route.ts of the app, matched by its folder pattern, so tests call the real handlers by URL.
const modules = import.meta.glob<RouteModule>('../src/app/**/route.ts');
const routes = Object.entries(modules).map(([file, load]) => {
  const pattern = file.replace('../src/app', '').replace(/\/route\.ts$/, '').replace(/\/\([^)]+\)/g, '') || '/';
  const names: string[] = [];
  const regex = new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\[([^\]]+)\]/g, (_, name: string) => { names.push(name); return '([^/]+)'; })}$`);
  return { pattern, regex, names, load, literal: !pattern.includes('[') };
}).sort((a, b) => Number(b.literal) - Number(a.literal));

export const ORIGIN = 'http://overture.test';

export interface CallOptions {
  body?: unknown;
  /** A raw body (FormData, string, stream) with its own content type. */
  raw?: BodyInit;
  headers?: Record<string, string>;
  /** `Bearer <key>` or a session cookie. */
  as?: Credentials;
}

export type Credentials = { key: string } | { cookie: string };

export interface TestApp {
  app: AppContext;
  database: TestDatabase;
  redis: TestRedis;
  dataDir: string;
  call(method: string, url: string, options?: CallOptions): Promise<Response>;
  /** A user with a role and an API key of theirs. */
  user(role: UserRole, email?: string): Promise<{ id: string; email: string; key: { key: string }; password: string }>;
  close(): Promise<void>;
}

/** The web app's context on a database and Redis prefix of this test file's own, with every response checked against its schema. */
export async function startTestApp(label: string, env: Record<string, string> = {}, options: { logger?: ServiceLogger } = {}): Promise<TestApp> {
  const database = await createTestDatabase(`web_${label}`);
  const redis = createTestRedis(`web-${label}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), `overture-web-${label}-`));
  const settings = loadWebEnv({
    DATABASE_URL: database.url, REDIS_URL: redis.url, DATA_DIR: dataDir, OVERTURE_REDIS_PREFIX: redis.prefix,
    OVERTURE_ALLOW_PRIVATE_SOURCES: 'true', OVERTURE_SECRET: 'test-secret-0123456789-0123456789-abcdef', ...env,
  }, () => undefined);
  const app = createAppContext(settings, { validateResponses: true, ...(options.logger ? { logger: options.logger } : { log: () => undefined }) });
  setContext(app);
  let users = 0;
  return {
    app, database, redis, dataDir,
    async call(method, url, options = {}) {
      const { pathname } = new URL(url, ORIGIN);
      const route = routes.find((r) => r.regex.test(pathname));
      if (!route) throw new Error(`no route for ${pathname}`);
      const match = route.regex.exec(pathname)!;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
      const handler = (await route.load())[method];
      if (!handler) throw new Error(`${route.pattern} has no ${method}`);
      const headers: Record<string, string> = { ...options.headers };
      if (options.as && 'key' in options.as) headers.authorization = `Bearer ${options.as.key}`;
      if (options.as && 'cookie' in options.as) {
        headers.cookie = options.as.cookie;
        headers.origin ??= ORIGIN;
      }
      headers.host ??= new URL(ORIGIN).host;
      let body: BodyInit | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const request = new Request(new URL(url, ORIGIN), { method, headers, body, duplex: 'half' } as RequestInit);
      return handler(request, { params: Promise.resolve(params) });
    },
    async user(role, email) {
      const password = 'password-123';
      const user = await createUser(database.db, { email: email ?? `${role}${++users}@example.com`, passwordHash: await hashPassword(password), role });
      const key = randomToken(API_KEY_PREFIX);
      await createApiKey(database.db, { userId: user.id, name: 'test', prefix: key.slice(0, 10), keyHash: sha256(key) });
      return { id: user.id, email: user.email, key: { key }, password };
    },
    async close() {
      setContext(undefined);
      await app.close();
      await redis.cleanup();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JSON body of a response, after checking its status (the body is in the failure message). */
export async function expectJson<T = Record<string, any>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
