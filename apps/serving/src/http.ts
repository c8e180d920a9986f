import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyTooLarge, type HeaderSource } from '@overture/deployments';

/** Node's header object read through the `get` that authentication expects of a WHATWG Headers. */
export function headerSource(req: IncomingMessage): HeaderSource {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The whole body, refusing more than `limit` bytes: at once from a declared Content-Length, else
 * while counting the streamed bytes, so a huge or endless body is never held in memory.
 */
export function readBody(req: IncomingMessage, limit: number, hint: string): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(bodyTooLarge(limit, hint));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(bodyTooLarge(limit, hint));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** Destroys the connection once `bytes` more arrive or after `ms`, whichever comes first (after a 413). */
export function cutOffAfter(req: IncomingMessage, bytes: number, ms: number): void {
  let seen = 0;
  const timer = setTimeout(() => req.socket.destroy(), ms);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > bytes) req.socket.destroy();
  });
  req.on('end', () => clearTimeout(timer));
  req.socket.on('close', () => clearTimeout(timer));
}

// What Next adds to every response (apps/web/next.config.ts) that matters for an API answer.
const baseHeaders = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' };

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...baseHeaders, ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
