import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyTooLarge, listReplicas, PREDICT_BODY_HINT, type ServingReplica } from '@overture/deployments';
import { cutOffAfter } from '@overture/serving';
import type { Redis } from 'ioredis';

export interface FrontOptions {
  host: string;
  port: number;
  /** The web app (Next): everything that is not /predict. */
  webUrl: string;
  redis: Redis;
  redisPrefix: string;
  /** Pass an outer proxy's X-Forwarded-For on (else it becomes the client's socket address). */
  trustProxy: boolean;
  log: (message: string, fields?: Record<string, unknown>) => void;
  /** How often the live replicas are read from Redis. */
  refreshMs?: number;
  /**
   * The upstreams' body limits in bytes (OVERTURE_MAX_UPLOAD_BYTES, OVERTURE_MAX_PREDICT_BYTES): a
   * body declared larger is answered 413 here. Relayed, the upstream would answer early and close
   * while the front is still writing, and the write error (EPIPE) loses its answer.
   */
  bodyLimits: { web: number; predict: number };
  /**
   * The serving replica in this process: while ready, it takes its turn in the rotation (with no
   * other replica, every turn), answering /predict here with no hop. Without it the front only relays.
   */
  local?: LocalReplica;
}

export interface LocalReplica {
  /** Its id in the heartbeats (so the front does not relay to itself over HTTP). */
  id: string;
  /** Answers one /predict request (the replica's request listener). */
  answer(req: IncomingMessage, res: ServerResponse): void;
  /** Its active deployments are loaded. */
  ready(): boolean;
}

export interface FrontServer {
  server: Server;
  url: string;
  /** The replicas announced in Redis (this process's own among them once it is loaded). */
  replicas(): ServingReplica[];
  close(): Promise<void>;
}

/** Bodies up to this size are held, so a request a dying replica refused can go to another. */
const RETRYABLE_BODY_BYTES = 1024 * 1024;
/** A replica that refused a connection gets no request for this long (or until it beats again after). */
const DOWN_MS = 2000;
/** The web's limit counts the file in a multipart body; its boundaries and part headers are allowed on top. */
const MULTIPART_SLACK_BYTES = 64 * 1024;
/** After a 413 here, the rest of the body is read and dropped (so the client sees the answer, not a reset), up to this much. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * The public port: `/predict` and `/predict/<name>` are answered by a serving replica (round robin
 * over this process's own, once loaded, and the live ones found through their Redis heartbeats, which
 * get the request relayed over HTTP); everything else, and /predict while no replica is up, goes to
 * the web app, which answers the same protocol. Next is never in a prediction's path while a replica
 * lives, and another replica's death loses no request that had not reached it.
 */
export async function startFrontServer(options: FrontOptions): Promise<FrontServer> {
  const web = new URL(options.webUrl);
  // Keep-alive to the replicas (their idle timeout is long); plain connections to Next, whose
  // 5 s keep-alive timeout would race a pooled socket's reuse.
  const servingAgent = new Agent({ keepAlive: true, maxSockets: 512, scheduling: 'lifo' });
  const webAgent = new Agent({ keepAlive: false, maxSockets: 256 });
  let live: ServingReplica[] = [];
  const down = new Map<string, number>();
  let next = 0;

  const refresh = async () => {
    try {
      live = await listReplicas(options.redis, options.redisPrefix);
    } catch (error) {
      options.log(`front: could not read the serving replicas from Redis (${(error as Error).message}); keeping the last list`, { level: 'warn' });
    }
  };
  await refresh();
  const timer = setInterval(refresh, options.refreshMs ?? 1000);
  timer.unref();

  const local = options.local;

  /**
   * Who answers this request: 'local' (this process's replica, when ready) or the other replicas to
   * try, in order. Round robin over both from the next turn, skipping replicas that just refused.
   */
  function candidates(): 'local' | ServingReplica[] {
    const now = Date.now();
    const up = live.filter((r) => r.id !== local?.id && (down.get(r.id) ?? 0) <= now);
    const here = local?.ready() ? 1 : 0;
    if (up.length + here === 0) return [];
    const turn = next++ % (up.length + here);
    if (here && turn === 0) return 'local';
    const start = turn - here;
    return [...up.slice(start), ...up.slice(0, start)];
  }

  function forwardedHeaders(req: IncomingMessage): IncomingHttpHeaders {
    const headers = { ...req.headers };
    // Hop-by-hop: this connection's, not the upstream one's (the agent decides keep-alive there).
    delete headers.connection;
    delete headers['keep-alive'];
    const address = req.socket.remoteAddress ?? '';
    if (!options.trustProxy || !headers['x-forwarded-for']) headers['x-forwarded-for'] = address;
    headers['x-forwarded-proto'] ??= 'http';
    headers['x-forwarded-host'] ??= req.headers.host;
    return headers;
  }

  /**
   * Sends the request upstream. 'refused' and 'reset': the connection failed before any answer and
   * the body was held, so the request can go elsewhere (a dead replica refuses; a pooled socket the
   * upstream was closing resets).
   */
  function relay(req: IncomingMessage, res: ServerResponse, target: URL, agent: Agent, headers: IncomingHttpHeaders, body: Buffer | null): Promise<'answered' | 'refused' | 'reset'> {
    return new Promise((resolve) => {
      let answered: IncomingMessage | null = null;
      const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
        answered = answer;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
        res.on('close', () => { if (!answer.complete) answer.destroy(); });
        resolve('answered');
      });
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (answered || res.headersSent) {
          // The upstream answered before reading the whole body (a 413) and closed: the answer
          // still reaches the client; the rest of the body is read and dropped.
          if (answered && !answered.complete) res.destroy();
          req.unpipe(upstream);
          req.resume();
          resolve('answered');
          return;
        }
        // Refused or reset before an answer: nothing was processed (a reset pooled socket, a dead replica).
        if (body !== null && error.code === 'ECONNREFUSED') resolve('refused');
        else if (body !== null && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve('reset');
        else if (body === null && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          // A streamed body the upstream stopped reading (it answered early, e.g. a 413, and closed):
          // its answer may still be on the way, so wait for it a moment before calling it unreachable.
          req.unpipe(upstream);
          req.resume();
          const timer = setTimeout(() => {
            if (answered || res.headersSent) return;
            unavailable(res, `the upstream server did not answer (${error.code}).`);
            resolve('answered');
          }, 1000);
          upstream.once('response', () => clearTimeout(timer));
        } else {
          unavailable(res, `the upstream server did not answer (${error.code ?? error.message}).`);
          resolve('answered');
        }
      });
      req.on('aborted', () => upstream.destroy());
      if (body !== null) upstream.end(body);
      else req.pipe(upstream);
    });
  }

  async function toServing(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const replicas = candidates();
    if (replicas === 'local') return local!.answer(req, res);
    const headers = forwardedHeaders(req);
    const declared = Number(req.headers['content-length']);
    const small = Number.isFinite(declared) && declared <= RETRYABLE_BODY_BYTES;
    const body = small ? await collect(req) : null;
    for (const replica of replicas) {
      let outcome = await relay(req, res, new URL(replica.url), servingAgent, headers, body);
      if (outcome === 'reset') outcome = await relay(req, res, new URL(replica.url), servingAgent, headers, body);
      if (outcome === 'answered') return;
      if (outcome === 'refused') {
        down.set(replica.id, Date.now() + DOWN_MS);
        options.log(`front: serving replica ${replica.id} at ${replica.url} refused a connection; trying the next`, { level: 'warn' });
      }
    }
    // No replica up (or none took it): the web app answers /predict itself.
    const outcome = await relay(req, res, web, webAgent, headers, body);
    if (outcome !== 'answered') unavailable(res, 'neither a serving process nor the web app is reachable.');
  }

  /** Answers a body declared over the upstream's limit (the upstream's own 413 and message), or returns false. */
  function refusedAsTooLarge(req: IncomingMessage, res: ServerResponse, isPredict: boolean): boolean {
    const declared = Number(req.headers['content-length']);
    const limit = isPredict ? options.bodyLimits.predict : options.bodyLimits.web;
    if (!Number.isFinite(declared) || declared <= limit + (isPredict ? 0 : MULTIPART_SLACK_BYTES)) return false;
    const error = bodyTooLarge(limit, isPredict ? PREDICT_BODY_HINT : 'that is the upload limit (OVERTURE_MAX_UPLOAD_BYTES)');
    sendError(res, 413, error.code, error.message);
    req.resume();
    cutOffAfter(req, DRAIN_BYTES, DRAIN_MS);
    return true;
  }

  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    const path = req.url ?? '/';
    const isPredict = path === '/predict' || path.startsWith('/predict/') || path.startsWith('/predict?');
    if (refusedAsTooLarge(req, res, isPredict)) return;
    const work = isPredict ? toServing(req, res) : relay(req, res, web, webAgent, forwardedHeaders(req), null);
    work.catch((error: Error) => {
      options.log(`front: ${error.message}`, { level: 'error' });
      if (!res.headersSent) unavailable(res, 'the request could not be relayed.');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server, url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    replicas: () => live,
    async close() {
      clearInterval(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      servingAgent.destroy();
      webAgent.destroy();
    },
  };
}

function collect(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function unavailable(res: ServerResponse, message: string): void {
  if (!res.headersSent) sendError(res, 503, 'unavailable', message);
}

/** An answer in the platform's error envelope, as the upstreams write it. */
function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}
