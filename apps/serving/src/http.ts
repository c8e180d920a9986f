import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyTooLarge, type HeaderSource } from '@overture/deployments';
import { cutOffAfter, readRequestBody } from '@overture/serving';

/** Node's header object read through the `get` that authentication expects of a WHATWG Headers. */
export function headerSource(req: IncomingMessage): HeaderSource {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** The whole body, refusing more than `limit` bytes with the web's 413 (see @overture/serving's readRequestBody). */
export function readBody(req: IncomingMessage, limit: number, hint: string): Promise<Buffer> {
  return readRequestBody(req, limit, () => bodyTooLarge(limit, hint));
}

export { cutOffAfter };

/** What the routes read of a request's URL (a WHATWG URL has all three). */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
  /** The absolute URL (for the same-origin check of cookie sessions). */
  readonly href: string;
}

/** A path of plain segments and a query of plain characters: what WHATWG URL parsing leaves as it is. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_-]+)*\/?$/;
const PLAIN_QUERY = /^[A-Za-z0-9_.~=&+%-]*$/;

/**
 * The request's path and query. A plain one (every /predict call a client builds) is split as it
 * is, since a full URL parse per request is a measurable share of a single-row prediction;
 * anything else (dot segments, escapes, `//`) goes through WHATWG URL, which normalises it.
 */
export function requestTarget(req: IncomingMessage): RequestTarget {
  const raw = req.url ?? '/';
  const base = `http://${req.headers.host ?? 'localhost'}`;
  const at = raw.indexOf('?');
  const pathname = at === -1 ? raw : raw.slice(0, at);
  const query = at === -1 ? '' : raw.slice(at + 1);
  if (!PLAIN_PATH.test(pathname) || !PLAIN_QUERY.test(query)) return new URL(raw, base);
  return { pathname, searchParams: new URLSearchParams(query), get href() { return new URL(raw, base).href; } };
}

// What Next adds to every response (apps/web/next.config.ts) that matters for an API answer.
const baseHeaders = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' };

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...baseHeaders, ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
