import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { runEventsSseStream, SSE_HEADERS } from '@overture/jobs';
import type { Redis } from 'ioredis';

/**
 * Stands in for the web app's `GET /api/runs/:id/events` until it exists: the same
 * runEventsSseStream the route returns, served by node:http.
 */
export async function startSseServer(redis: Redis, prefix: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const runId = /^\/runs\/([^/]+)\/events$/.exec(req.url ?? '')?.[1];
    if (!runId) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, SSE_HEADERS);
    const stream = runEventsSseStream(redis.duplicate(), { prefix, runId, lastEventId: req.headers['last-event-id'] as string | undefined });
    Readable.fromWeb(stream as WebReadableStream<Uint8Array>).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** Reads an SSE response, calling `onEvent` with each data payload and its arrival time. */
export async function readSse(url: string, onEvent: (data: string, at: number) => void): Promise<void> {
  const response = await fetch(url);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const at = Date.now();
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data) onEvent(data, at);
    }
  }
}
