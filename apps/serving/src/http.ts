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

// What Next adds to every response (apps/web/next.config.ts) that matters for an API answer.
const baseHeaders = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' };

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...baseHeaders, ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
