import type { UserRole } from '@overture/db';
import { acceptRequestId, REQUEST_ID_HEADER } from '@overture/jobs';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { hasRole } from '../auth/actor';
import { authenticate, checkSameOrigin, type Authentication } from '../auth/authenticate';
import { getContext, type AppContext } from '../context';
import { ApiError, toErrorResponse } from '../errors';
import { readJson } from './read-body';
import { webMetrics } from '../observability/metrics';
import { runInRequestScope } from '../observability/request-scope';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type AnyObject = z.ZodObject<z.ZodRawShape>;
type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

/** Who may call: anyone, anyone signed in (any role), or at least this role. */
export type Access = 'public' | UserRole;

export interface HandlerContext<P, Q, B, A extends Access> {
  app: AppContext;
  request: Request;
  params: P;
  query: Q;
  body: B;
  actor: A extends 'public' ? Actor | null : Actor;
  auth: Authentication | null;
}

export interface EndpointSpec<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined, R extends z.ZodType | undefined, A extends Access> {
  method: Method;
  /** OpenAPI path, e.g. `/api/datasets/{id}`. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  params?: P;
  query?: Q;
  /** A JSON body; leave it out when the handler streams `request.body` itself (uploads, /predict). */
  body?: B;
  /** Documents a body the handler reads itself: content type → JSON Schema. */
  rawBody?: Record<string, Record<string, unknown>>;
  /** Largest JSON body (default 1 MB). */
  maxBodyBytes?: number;
  response?: R;
  /** Success status (default 200). */
  status?: number;
  /** Other content types the success response can take (documentation). */
  produces?: string[];
  handler: (ctx: HandlerContext<Infer<P>, Infer<Q>, Infer<B>, A>) => Promise<(R extends z.ZodType ? z.input<R> : unknown) | Response>;
}

export type Endpoint = EndpointSpec<AnyObject | undefined, AnyObject | undefined, z.ZodType | undefined, z.ZodType | undefined, Access>;

/** Declares an endpoint (typed by its schemas); `handle` turns it into a route.ts export. */
export function endpoint<P extends AnyObject | undefined = undefined, Q extends AnyObject | undefined = undefined, B extends z.ZodType | undefined = undefined, R extends z.ZodType | undefined = undefined, A extends Access = Access>(
  spec: EndpointSpec<P, Q, B, R, A>,
): EndpointSpec<P, Q, B, R, A> {
  return spec;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/**
 * The one route builder (STYLE 6): authenticates (session cookie + same-origin check, or a Bearer
 * API key), checks the role, validates params, query and body with the endpoint's zod schemas,
 * runs the handler and maps every error to the REST envelope. Each request gets an id (the
 * caller's well-formed X-Request-Id, else a new one) that its log lines and enqueued jobs carry and
 * its response returns; its count and latency go to the metrics by route template.
 */
export function handle<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined, R extends z.ZodType | undefined, A extends Access>(
  spec: EndpointSpec<P, Q, B, R, A>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    const requestId = acceptRequestId(request.headers.get(REQUEST_ID_HEADER));
    const started = performance.now();
    const scope: { app?: AppContext } = {};
    const response = await runInRequestScope({ requestId }, () => answer(spec, request, context, scope));
    const seconds = (performance.now() - started) / 1000;
    const labels = { route: spec.path, method: spec.method, status: String(response.status) };
    const metrics = webMetrics();
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    // Probes and scrapes every few seconds would drown the access log.
    if (!quietPaths.has(spec.path) || response.status >= 500) {
      scope.app?.log(`${spec.method} ${spec.path} ${response.status} ${(seconds * 1000).toFixed(1)} ms`, { requestId, method: spec.method, route: spec.path, status: response.status, durationMs: Math.round(seconds * 10_000) / 10, level: response.status >= 500 ? 'error' : 'info' });
    }
    return withHeader(response, REQUEST_ID_HEADER, requestId);
  };
}

const quietPaths = new Set(['/api/health', '/api/ready', '/api/metrics']);

/** Sets a header, copying the response when its headers are immutable (Response.redirect, fetched responses). */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

async function answer<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined, R extends z.ZodType | undefined, A extends Access>(
  spec: EndpointSpec<P, Q, B, R, A>, request: Request, context: RouteContext, scope: { app?: AppContext },
): Promise<Response> {
  let app: AppContext | undefined;
  try {
    app = getContext();
    scope.app = app;
    await app.ready;
    // On public endpoints stale credentials are ignored: signing in again with an expired cookie must work.
    const auth = spec.access === 'public' ? await authenticate(app, request).catch(() => null) : await authenticate(app, request);
    if (auth?.via === 'cookie') checkSameOrigin(request);
    if (spec.access !== 'public') {
      if (!auth) throw new ApiError('unauthorized', 'sign in, or send "Authorization: Bearer <API key>".');
      if (!hasRole(auth.actor, spec.access as UserRole)) {
        throw new ApiError('forbidden', `this needs the ${spec.access} role; you are ${article(auth.actor.role)} ${auth.actor.role}.`);
      }
    }
    const rawParams = context?.params ? await context.params : {};
    const params = spec.params ? parsePart(spec.params, rawParams, 'path') : undefined;
    const query = spec.query ? parsePart(spec.query, Object.fromEntries(new URL(request.url).searchParams), 'query') : undefined;
    const body = spec.body ? parsePart(spec.body, await readJson(request, spec.maxBodyBytes ?? 1024 * 1024), 'body') : undefined;
    const result = await spec.handler({ app, request, params, query, body, actor: auth?.actor ?? null, auth } as HandlerContext<Infer<P>, Infer<Q>, Infer<B>, A>);
    if (result instanceof Response) return result;
    if (app.validateResponses && spec.response) checkResponse(spec, result);
    return json(result ?? null, spec.status ?? 200);
  } catch (error) {
    const log = app?.log;
    const { status, body, headers } = toErrorResponse(error, log ? (message) => log(message, { level: 'error' }) : undefined);
    return json(body, status, headers);
  }
}

export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

function parsePart<T extends z.ZodType>(schema: T, value: unknown, where: 'path' | 'query' | 'body'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ path: [where === 'body' ? '' : where, ...i.path].filter((s) => s !== '').join('.'), message: i.message }));
  const summary = details.slice(0, 3).map((d) => `${d.path || where}: ${d.message}`).join('; ');
  throw new ApiError('invalid_input', `invalid ${where === 'path' ? 'URL' : where}: ${summary}`, details);
}

function checkResponse(spec: Endpoint, result: unknown): void {
  const parsed = spec.response!.safeParse(JSON.parse(JSON.stringify(result ?? null)));
  if (!parsed.success) {
    throw new Error(`${spec.method} ${spec.path}: response does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
