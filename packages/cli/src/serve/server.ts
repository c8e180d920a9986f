import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOvertureError, CONFIG_VERSION } from '@overture/config';
import { cutOffAfter, predictionCsv, predictionResponseJson, serveOpenApiDocument, toJson, type ServingEngine, type ResponseFormat } from '@overture/serving';
import { readBody } from './read-body.js';

export interface PredictionServerOptions {
  engine: ServingEngine;
  /** The engine's model this server answers. */
  model: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Larger bodies get 413 (default 10 MB). */
  maxBodyBytes?: number;
}

export interface PredictionServer {
  url: string;
  port: number;
  /** Stops accepting connections, answers the requests already received, then resolves. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) return send(res, error.status, toJson({ error: { code: error.code, message: error.message } }));
  if (isOvertureError(error)) {
    const body: Record<string, unknown> = { error: { code: error.code, message: error.message } };
    if (error.details.length > 0) body.errors = error.details;
    if (error.code === 'too_large') res.setHeader('connection', 'close');
    return send(res, error.status, toJson(body));
  }
  send(res, 500, toJson({ error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }));
}

const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

async function handlePredict(req: IncomingMessage, res: ServerResponse, url: URL, options: PredictionServerOptions): Promise<void> {
  const type = mediaType(req.headers['content-type']);
  const format: ResponseFormat = url.searchParams.get('format') === 'ludwig' ? 'ludwig' : 'overture';
  const csvOut = (req.headers.accept ?? '').includes('text/csv');
  if (type !== '' && type !== 'application/json' && type !== 'text/csv') {
    throw new HttpError(415, 'invalid_input', `Content-Type ${type} is not supported: send application/json ({"instances": […]}) or text/csv.`);
  }
  const body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
  let result;
  if (type === 'text/csv') {
    result = await options.engine.predictCsv(options.model, body.toString('utf8'), { explain: url.searchParams.get('explain') === 'true' });
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new HttpError(400, 'invalid_input', `the body is not valid JSON: ${(error as Error).message}. Send {"instances": [{"column": value, …}]}.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('instances' in parsed)) {
      throw new HttpError(400, 'invalid_input', 'the body must be a JSON object with "instances": a list of rows ({"column": value, …}).');
    }
    const request = parsed as { instances: unknown; explain?: unknown };
    result = await options.engine.predict(options.model, request.instances, { explain: request.explain === true });
  }
  if (csvOut) send(res, 200, predictionCsv(result), 'text/csv');
  else send(res, 200, predictionResponseJson(result, format));
}

async function handle(req: IncomingMessage, res: ServerResponse, options: PredictionServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '') || '/'}`;
  switch (route) {
    case 'POST /predict':
      return handlePredict(req, res, url, options);
    case 'GET /health':
      return send(res, 200, toJson({ status: 'ok', model: options.engine.info(options.model) }));
    case 'GET /openapi.json':
      return send(res, 200, toJson(serveOpenApiDocument({ title: `Overture model '${options.model}'`, version: CONFIG_VERSION })));
    default:
      if (['/predict', '/health', '/openapi.json'].includes(url.pathname)) throw new HttpError(405, 'invalid_input', `${req.method} is not allowed on ${url.pathname}.`);
      throw new HttpError(404, 'not_found', `no route ${url.pathname}: use POST /predict, GET /health or GET /openapi.json.`);
  }
}

/** `overture serve`'s HTTP server (node:http, keep-alive), answering one model of the engine. */
export async function startPredictionServer(options: PredictionServerOptions): Promise<PredictionServer> {
  let closing = false;
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    if (closing) res.setHeader('connection', 'close');
    res.on('finish', () => {
      if (closing) server.closeIdleConnections();
    });
    handle(req, res, options).catch((error: unknown) => {
      sendError(res, error);
      if (req.complete) return;
      // The rest of the body is read and dropped, so the client, still sending, gets the
      // answer rather than a reset; after a too-large body the connection closes, and a client
      // that keeps sending far beyond the limit is cut off.
      req.resume();
      if (isOvertureError(error) && error.code === 'too_large') cutOffAfter(req, 4 * (options.maxBodyBytes ?? DEFAULT_MAX_BODY), 10_000);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => new Promise<void>((resolve, reject) => {
      closing = true;
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    }),
  };
}
