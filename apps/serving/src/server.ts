import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerPredict, ApiError, authenticate, checkSameOrigin, isApiError, ROLE_HEADER, sha256, toErrorResponse, unknownDeployment, VERSION_HEADER,
  type Actor, type PredictService,
} from '@overture/deployments';
import { acceptRequestId, REQUEST_ID_HEADER } from '@overture/jobs';
import type { ServingContext } from './context.js';
import { cutOffAfter, headerSource, readBody, requestTarget, send, type RequestTarget } from './http.js';

/** The route templates of this process, as metrics label them (never the raw path: it is unbounded). */
type Route = '/predict' | '/predict/{deployment}' | '/metrics' | '/health' | '/ready' | 'unmatched';

export interface ServingServer {
  server: Server;
  url: string;
  /** Stops taking connections and waits for the requests in flight. */
  close(): Promise<void>;
}

export interface ServingServerOptions {
  host: string;
  port: number;
  /** Resolves once the deployments active at start are loaded (readiness waits for it). */
  loaded: Promise<unknown>;
  /** Named in every response's X-Overture-Replica header (which replica answered). */
  replicaId?: string;
}

export const REPLICA_HEADER = 'x-overture-replica';

/**
 * The serving process's HTTP server (node:http, keep-alive): POST /predict and /predict/<name>
 * answered exactly as the web answers them (the same authentication, limits and error envelope,
 * through @overture/deployments), GET /metrics (Prometheus), GET /health (liveness) and GET /ready
 * (Postgres, Redis and the deployments active at start loaded).
 */
export async function startServingServer(ctx: ServingContext, options: ServingServerOptions): Promise<ServingServer> {
  const answer = createServingListener(ctx, options);
  let closing = false;
  // A long idle timeout: the front pools its connections here and must not reuse one being closed.
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    if (closing) {
      res.setHeader('connection', 'close');
      res.on('finish', () => server.closeIdleConnections());
    }
    answer(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server, url: `http://${host}:${address.port}`,
    async close() {
      closing = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/**
 * The serving routes as a node:http request listener: what a replica's own server answers, and what
 * the front server calls in its own process for /predict (see front.ts).
 */
export function createServingListener(ctx: ServingContext, options: Pick<ServingServerOptions, 'loaded' | 'replicaId'>): (req: IncomingMessage, res: ServerResponse) => void {
  const service: PredictService = {
    serving: ctx.serving, metrics: ctx.metrics, rateLimiter: ctx.rateLimiter,
    maxBodyBytes: ctx.env.OVERTURE_MAX_PREDICT_BYTES, predictionLog: ctx.predictionLog,
  };
  let loaded = false;
  options.loaded.then(() => { loaded = true; }, () => undefined);
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const requestId = acceptRequestId(req.headers[REQUEST_ID_HEADER] as string | undefined);
    const url = requestTarget(req);
    const route = routeOf(url.pathname);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (options.replicaId) res.setHeader(REPLICA_HEADER, options.replicaId);
    res.on('finish', () => {
      const labels = { route, method: req.method ?? 'GET', status: String(res.statusCode) };
      ctx.metrics.httpRequests.inc(labels);
      ctx.metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
    });
    const state = { version: undefined as string | undefined };
    handle(req, res, url, route, state, requestId).catch((error: unknown) => {
      const { status, body, headers } = toErrorResponse(error, (message) => ctx.log(message, { level: 'error', requestId }));
      if (state.version) headers[VERSION_HEADER] = state.version;
      if (status >= 500) ctx.log(`${req.method} ${route} ${status}: ${body.error.message}`, { level: 'error', requestId, route, status });
      if (!res.headersSent) send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
      if (req.complete) return;
      // The rest of the body is read and dropped, so a client still sending gets the answer rather
      // than a reset; after a too-large body the connection closes, and one that keeps sending far
      // beyond the limit is cut off.
      req.resume();
      if (isApiError(error) && error.code === 'too_large') cutOffAfter(req, 4 * ctx.env.OVERTURE_MAX_PREDICT_BYTES, 10_000);
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse, url: RequestTarget, route: Route, state: { version?: string }, requestId: string): Promise<void> {
    const method = req.method ?? 'GET';
    const headers = headerSource(req);
    switch (route) {
      case '/predict':
      case '/predict/{deployment}': {
        if (method !== 'POST') throw methodNotAllowed(method, url.pathname, 'POST');
        const actor = await signedIn(method, headers, url);
        const answer = await answerPredict(service, {
          caller: actor.apiKeyId ?? actor.userId ?? 'bootstrap',
          contentType: headers.get('content-type'), accept: headers.get('accept'), query: url.searchParams,
          nameFromPath: route === '/predict' ? null : deploymentOfPath(url.pathname),
          readBody: (limit, hint) => readBody(req, limit, hint),
          onVersion: (version) => { state.version = version; }, requestId,
        });
        return send(res, 200, answer.body, { 'content-type': answer.contentType, [VERSION_HEADER]: answer.version, [ROLE_HEADER]: answer.role });
      }
      case '/metrics': {
        if (method !== 'GET') throw methodNotAllowed(method, url.pathname, 'GET');
        if (!scraperToken(headers.get('authorization'), ctx.env.OVERTURE_METRICS_TOKEN)) {
          const actor = await signedIn(method, headers, url, 'metrics need an admin session or API key, or "Authorization: Bearer <OVERTURE_METRICS_TOKEN>".');
          if (actor.role !== 'admin') throw new ApiError('forbidden', `metrics need the admin role (or the scrape token); you are a ${actor.role}.`);
        }
        return send(res, 200, await ctx.metrics.registry.metrics(), { 'content-type': ctx.metrics.registry.contentType, 'cache-control': 'no-store' });
      }
      case '/health':
        return send(res, 200, JSON.stringify({ status: 'ok' }), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      case '/ready': {
        const checks = await readiness(ctx, loaded);
        const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
        const body = { status: failed.length === 0 ? 'ready' : 'not_ready', failed, deployments: Object.fromEntries(ctx.serving.loadedRuns()) };
        return send(res, failed.length === 0 ? 200 : 503, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      }
      default:
        throw new ApiError('not_found', `no route ${url.pathname.slice(0, 200)} here: this process answers POST /predict and /predict/<deployment> (and GET /metrics, /health, /ready).`);
    }
  }

  async function signedIn(method: string, headers: ReturnType<typeof headerSource>, url: RequestTarget, missing = 'sign in, or send "Authorization: Bearer <API key>".'): Promise<Actor> {
    const auth = await authenticate({ db: ctx.db, apiKeys: ctx.apiKeys, bootstrapApiKey: ctx.env.OVERTURE_BOOTSTRAP_API_KEY }, headers);
    if (!auth) throw new ApiError('unauthorized', missing);
    if (auth.via === 'cookie') checkSameOrigin(method, headers, url.href);
    return auth.actor;
  }

  return listener;
}

function routeOf(pathname: string): Route {
  if (pathname === '/predict' || pathname === '/predict/') return '/predict';
  if (pathname.startsWith('/predict/') && !pathname.slice('/predict/'.length).includes('/')) return '/predict/{deployment}';
  if (pathname === '/metrics' || pathname === '/health' || pathname === '/ready') return pathname;
  return 'unmatched';
}

/** The deployment named by `/predict/<name>`, percent-decoded (as Next decodes its route params). */
function deploymentOfPath(pathname: string): string {
  const raw = pathname.slice('/predict/'.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw unknownDeployment(raw);
  }
}

function methodNotAllowed(method: string, path: string, allowed: string): ApiError {
  return new ApiError('method_not_allowed', `${method} is not allowed on ${path.slice(0, 200)}: use ${allowed}.`, [], { allow: allowed });
}

function scraperToken(header: string | null, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  return timingSafeEqual(Buffer.from(sha256(header.slice(7).trim())), Buffer.from(sha256(token)));
}

async function readiness(ctx: ServingContext, loaded: boolean): Promise<{ database: boolean; redis: boolean; deployments: boolean }> {
  const timeout = <T>(work: Promise<T>) => Promise.race([work.then(() => true, () => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref())]);
  const [database, redis] = await Promise.all([timeout(ctx.dbHandle.pool.query('SELECT 1')), timeout(ctx.redis.ping())]);
  return { database, redis, deployments: loaded };
}
