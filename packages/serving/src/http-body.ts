import type { IncomingMessage } from 'node:http';

/**
 * The request body, refusing more than `limit` bytes with `tooLarge()`: at once from a declared
 * Content-Length, otherwise while counting the streamed bytes, so a huge or endless body is never
 * held in memory. Shared by `overture serve` and the platform's serving process.
 */
export function readRequestBody(req: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * After a 413: destroys the connection once `bytes` more arrive or after `ms`, whichever comes
 * first, so a client that keeps sending is not read for ever (and a short one still gets the answer).
 */
export function cutOffAfter(req: IncomingMessage, bytes: number, ms: number): void {
  let seen = 0;
  const timer = setTimeout(() => req.socket.destroy(), ms);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > bytes) req.socket.destroy();
  });
  // Once per request on a socket that may carry many (keep-alive): the listener goes when the body ends.
  const stop = () => clearTimeout(timer);
  req.socket.once('close', stop);
  req.on('end', () => { stop(); req.socket.off('close', stop); });
}
