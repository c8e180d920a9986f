import { predictionCsv, predictionResponseJson, type PredictionResult, type ResponseFormat } from '@overture/serving';
import type { Redis } from 'ioredis';
import type { DeploymentServer } from './deployment-server.js';
import { ApiError, badInput, toErrorResponse } from './errors.js';
import type { PredictMetrics } from './metrics.js';
import { checkRateLimit } from './rate-limit.js';

/** What a process needs to answer /predict: its deployments, metrics, Redis (rate limits) and limits. */
export interface PredictService {
  serving: DeploymentServer;
  metrics: PredictMetrics;
  redis: Redis;
  redisPrefix: string;
  maxBodyBytes: number;
  ratePerMinute: number;
}

/** One /predict request as either transport (Next's Request, Node's IncomingMessage) presents it. */
export interface PredictCall {
  /** Who is rate limited: the API key, else the user. */
  caller: string;
  contentType: string | null;
  accept: string | null;
  query: URLSearchParams;
  /** The deployment named in the path (`/predict/<name>`), else null. */
  nameFromPath: string | null;
  /** The whole body, refusing more than `limit` bytes with a 413 that carries `hint`. */
  readBody(limit: number, hint: string): Promise<Buffer>;
  /** Told the run id once the deployment is resolved, so even an error response can name the version. */
  onVersion?(version: string): void;
}

export interface PredictAnswer {
  body: string;
  contentType: string;
  /** The run id of the model that answered. */
  version: string;
}

/** The header naming the version (run id) that answered a prediction. */
export const VERSION_HEADER = 'x-overture-version';

export const PREDICT_BODY_HINT = 'send fewer rows per request, or use a batch prediction';

export function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * `POST /predict` and `/predict/<deployment>` (DESIGN "Contracts: Predictions"): JSON
 * `{model?, instances, explain?}` or a CSV body; JSON out, Ludwig's flat records with
 * `?format=ludwig`, CSV with `Accept: text/csv`. Bodies over the limit are a 413 by byte count.
 * The web and the serving process both answer through this function.
 */
export async function answerPredict(service: PredictService, call: PredictCall): Promise<PredictAnswer> {
  await checkRateLimit(service.redis, service.redisPrefix, call.caller, service.ratePerMinute);
  const type = mediaType(call.contentType);
  if (type !== '' && type !== 'application/json' && type !== 'text/csv') {
    throw new ApiError('unsupported_media_type', `Content-Type ${type} is not supported: send application/json ({"instances": […]}) or text/csv.`);
  }
  const format: ResponseFormat = call.query.get('format') === 'ludwig' ? 'ludwig' : 'overture';
  const csvOut = (call.accept ?? '').includes('text/csv');
  const body = await call.readBody(service.maxBodyBytes, PREDICT_BODY_HINT);
  const explainQuery = call.query.get('explain') === 'true';
  let name = call.nameFromPath;
  let answered: { result: PredictionResult; version: string };
  if (type === 'text/csv') {
    name ??= call.query.get('model');
    if (!name) throw badInput('name the deployment: POST /predict/<deployment>, or ?model=<deployment> with a CSV body.');
    const deployment = name;
    answered = await served(service, call, deployment, () => service.serving.engine.predictCsv(deployment, body.toString('utf8'), { explain: explainQuery }));
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw badInput(`the body is not valid JSON: ${(error as Error).message}. Send {"instances": [{"column": value, …}]}.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('instances' in parsed)) {
      throw badInput('the body must be a JSON object with "instances": a list of rows ({"column": value, …}).', [{ path: 'instances', message: 'required' }]);
    }
    const input = parsed as { instances: unknown; explain?: unknown; model?: unknown };
    if (input.model !== undefined && typeof input.model !== 'string') throw badInput(`"model" must be the name of a deployment (a string), got ${shortJson(input.model)}.`, [{ path: 'model', message: 'expected a string' }]);
    if (input.explain !== undefined && typeof input.explain !== 'boolean') throw badInput(`"explain" must be true or false, got ${shortJson(input.explain)}.`, [{ path: 'explain', message: 'expected a boolean' }]);
    name ??= input.model ?? null;
    if (!name) throw badInput('name the deployment: {"model": "<deployment>", "instances": […]} or POST /predict/<deployment>.', [{ path: 'model', message: 'required' }]);
    const deployment = name;
    answered = await served(service, call, deployment, () => service.serving.engine.predict(deployment, input.instances, { explain: input.explain === true || explainQuery }));
  }
  const { result, version } = answered;
  if (csvOut) return { body: predictionCsv(result), contentType: 'text/csv; charset=utf-8', version };
  return { body: predictionResponseJson(result, format), contentType: 'application/json; charset=utf-8', version };
}

/**
 * Loads the deployment (404 when there is none) and answers with it, counting the request, its rows
 * and latency under the deployment and the run it serves. Names that are not served are never
 * labels: a caller could otherwise grow the series without bound.
 */
async function served(service: PredictService, call: PredictCall, name: string, work: () => Promise<PredictionResult>): Promise<{ result: PredictionResult; version: string }> {
  await service.serving.ensure(name);
  const version = service.serving.loadedRun(name) ?? 'unknown';
  call.onVersion?.(version);
  const labels = { deployment: name, version };
  const { metrics } = service;
  const started = performance.now();
  try {
    const result = await work();
    metrics.predictRequests.inc({ ...labels, status: '200' });
    metrics.predictRows.inc(labels, result.rowCount);
    return { result, version };
  } catch (error) {
    metrics.predictRequests.inc({ ...labels, status: String(toErrorResponse(error, () => undefined).status) });
    throw error;
  } finally {
    metrics.predictDuration.observe(labels, (performance.now() - started) / 1000);
  }
}

/** A value as JSON, cut short: error messages quote what was sent without echoing a whole body. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
