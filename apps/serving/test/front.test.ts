import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRedis } from '@overture/jobs';
import { beatReplica } from '@overture/deployments';
import { createTestRedis, waitFor, type TestRedis } from '@overture/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFrontServer, type FrontServer } from '../src/front.js';

const UPLOAD_LIMIT = 256 * 1024;
const PREDICT_LIMIT = 64 * 1024;

/** Sends `bytes` of body to the front with Content-Length declared, and reads the whole answer. */
function post(url: string, path: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'text/csv', 'content-length': bytes } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    // Written in pieces, as a browser streams a file: the answer must come while the client still sends.
    const piece = Buffer.alloc(16 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        const n = Math.min(piece.length, bytes - sent);
        sent += n;
        if (!req.write(n === piece.length ? piece : piece.subarray(0, n))) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('the front server and bodies over the upstreams\' limits', () => {
  let redis: TestRedis;
  let client: Redis;
  let front: FrontServer;
  let web: Server;
  /** What the stand-in web app saw: the paths of the requests that reached it. */
  const reached: string[] = [];

  beforeAll(async () => {
    redis = createTestRedis('front');
    client = createRedis(redis.url);
    // A stand-in for Next's upload route: it answers 413 from the declared length without reading
    // the body and closes the connection, as the real one does; otherwise it counts what it read.
    web = createServer((req, res) => {
      reached.push(req.url ?? '');
      if (Number(req.headers['content-length']) > UPLOAD_LIMIT + 64 * 1024) {
        res.writeHead(413, { connection: 'close', 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'too_large', message: 'from the web' } }));
        req.socket.destroy();
        return;
      }
      let seen = 0;
      req.on('data', (chunk: Buffer) => { seen += chunk.length; });
      req.on('end', () => { res.writeHead(201, { 'content-type': 'application/json' }); res.end(JSON.stringify({ seen })); });
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const { port } = web.address() as AddressInfo;
    front = await startFrontServer({
      host: '127.0.0.1', port: 0, webUrl: `http://127.0.0.1:${port}`, redis: client, redisPrefix: redis.prefix,
      trustProxy: false, log: () => undefined, bodyLimits: { web: UPLOAD_LIMIT, predict: PREDICT_LIMIT },
    });
  });

  afterAll(async () => {
    await front?.close();
    await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
    client?.disconnect();
    await redis?.cleanup();
  });

  it('answers a declared-oversized upload 413 itself, every time, without relaying it', async () => {
    reached.length = 0;
    for (let i = 0; i < 15; i++) {
      const answer = await post(front.url, '/api/datasets', 3 * UPLOAD_LIMIT);
      expect(answer.status).toBe(413);
      const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('too_large');
      expect(body.error.message).toBe('the request body is larger than 256 KB; that is the upload limit (OVERTURE_MAX_UPLOAD_BYTES).');
    }
    expect(reached).toEqual([]);
  });

  it('answers an oversized /predict body 413 with the predict limit and its hint (no replica up, so the web would have had it)', async () => {
    const answer = await post(front.url, '/predict/churn', PREDICT_LIMIT + 1);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toBe('the request body is larger than 64 KB; send fewer rows per request, or use a batch prediction.');
    expect(reached).toEqual([]);
  });

  it('relays bodies within the limits whole, including a file of exactly the limit in its multipart wrapping', async () => {
    const exactly = await post(front.url, '/api/datasets', UPLOAD_LIMIT + 300);
    expect(exactly).toEqual({ status: 201, body: JSON.stringify({ seen: UPLOAD_LIMIT + 300 }) });
    const predict = await post(front.url, '/predict', PREDICT_LIMIT);
    expect(predict).toEqual({ status: 201, body: JSON.stringify({ seen: PREDICT_LIMIT }) });
    expect(reached).toEqual(['/api/datasets', '/predict']);
  });
});

describe('the front server answering /predict with its own replica', () => {
  let redis: TestRedis;
  let client: Redis;
  let front: FrontServer;
  const servers: Server[] = [];
  /** Who answered each request: 'local', 'web', 'other' (another replica) or 'self-over-http'. */
  const answeredBy: string[] = [];
  let ready = false;

  /** A stand-in upstream that answers every request with its name. */
  async function upstream(name: string): Promise<string> {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => { answeredBy.push(name); res.end(name); });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const predict = async (path = '/predict/churn') => (await fetch(`${front.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"instances":[{}]}' })).text();

  beforeAll(async () => {
    redis = createTestRedis('front-local');
    client = createRedis(redis.url);
    const webUrl = await upstream('web');
    // Its own replica is announced too (the web waits on it after a deploy), at a port of its own:
    // the front must answer its turns in this process, never through that URL.
    await beatReplica(client, redis.prefix, { id: 'here:1', url: await upstream('self-over-http'), startedAt: new Date().toISOString() }, 60);
    front = await startFrontServer({
      host: '127.0.0.1', port: 0, webUrl, redis: client, redisPrefix: redis.prefix, trustProxy: false, log: () => undefined,
      bodyLimits: { web: UPLOAD_LIMIT, predict: PREDICT_LIMIT }, refreshMs: 50,
      local: {
        id: 'here:1', ready: () => ready,
        answer: (req, res) => { req.resume(); req.on('end', () => { answeredBy.push('local'); res.end('local'); }); },
      },
    });
  });

  afterAll(async () => {
    await front?.close();
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    client?.disconnect();
    await redis?.cleanup();
  });

  it('relays /predict to the web while its own replica is still loading', async () => {
    expect(await predict()).toBe('web');
  });

  it('answers every /predict in its own process once its replica is ready, and relays everything else to the web', async () => {
    ready = true;
    answeredBy.length = 0;
    for (let i = 0; i < 4; i++) await predict(i % 2 ? '/predict' : '/predict/churn');
    expect(answeredBy).toEqual(['local', 'local', 'local', 'local']);
    expect(await (await fetch(`${front.url}/api/health`)).text()).toBe('web');
  });

  it('takes turns with another announced replica', async () => {
    await beatReplica(client, redis.prefix, { id: 'there:2', url: await upstream('other'), startedAt: new Date().toISOString() }, 60);
    await waitFor('the front to see the other replica', async () => front.replicas().length === 2, 5000, 20);
    answeredBy.length = 0;
    for (let i = 0; i < 6; i++) await predict();
    expect([...answeredBy].sort()).toEqual(['local', 'local', 'local', 'other', 'other', 'other']);
  });
});
