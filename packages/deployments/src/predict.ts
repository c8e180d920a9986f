import { loggedCsvRows, loggedJsonRows, predictionCsv, predictionResponse, predictionResponseJson, type LoggedRow, type PredictionResult, type ResponseFormat } from '@overture/serving';
import type { DeploymentServer } from './deployment-server.js';
import { ApiError, badInput, toErrorResponse } from './errors.js';
import type { PredictMetrics } from './metrics.js';
import { LOGGED_CHARS, LOGGED_ROWS, type PredictionLogger } from './prediction-log.js';
import type { RateLimiter } from './rate-limit.js';
import { answeringRole, engineKey, type Role, type Routes } from './traffic.js';

/** What a process needs to answer /predict: its deployments, metrics, rate limits (through Redis) and limits. */
export interface PredictService {
  serving: DeploymentServer;
  metrics: PredictMetrics;
  rateLimiter: RateLimiter;
  maxBodyBytes: number;
  /** Where sampled requests and shadow answers are logged; without it nothing is (and no shadow is asked). */
  predictionLog?: PredictionLogger;
}

/** Shadow requests one process runs at once; more are not mirrored (the shadow must not slow the answers). */
const MAX_SHADOW_IN_FLIGHT = 8;
let shadowsInFlight = 0;

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
  /** The request's id (X-Request-Id), kept with its prediction log entries. */
  requestId?: string;
}

export interface PredictAnswer {
  body: string;
  contentType: string;
  /** The run id of the model that answered. */
  version: string;
  /** Which of the deployment's versions answered: the primary or its canary. */
  role: 'primary' | 'canary';
}

/** The header saying whether the primary or the canary answered. */
export const ROLE_HEADER = 'x-overture-route';

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
  await service.rateLimiter.check(call.caller);
  const type = mediaType(call.contentType);
  if (type !== '' && type !== 'application/json' && type !== 'text/csv') {
    throw new ApiError('unsupported_media_type', `Content-Type ${type} is not supported: send application/json ({"instances": […]}) or text/csv.`);
  }
  const format: ResponseFormat = call.query.get('format') === 'ludwig' ? 'ludwig' : 'overture';
  const csvOut = (call.accept ?? '').includes('text/csv');
  const body = await call.readBody(service.maxBodyBytes, PREDICT_BODY_HINT);
  const explainQuery = call.query.get('explain') === 'true';
  let name = call.nameFromPath;
  let answered: Answered;
  if (type === 'text/csv') {
    name ??= call.query.get('model');
    if (!name) throw badInput('name the deployment: POST /predict/<deployment>, or ?model=<deployment> with a CSV body.');
    const text = body.toString('utf8');
    answered = await served(service, call, name, (key) => service.serving.engine.predictCsv(key, text, { explain: explainQuery }), () => loggedCsvRows(text, LOGGED_ROWS, LOGGED_CHARS));
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
    const explain = input.explain === true || explainQuery;
    answered = await served(service, call, name, (key) => service.serving.engine.predict(key, input.instances, { explain }), () => loggedJsonRows(input.instances, LOGGED_ROWS, LOGGED_CHARS));
  }
  const { result, version, role } = answered;
  if (csvOut) return { body: predictionCsv(result), contentType: 'text/csv; charset=utf-8', version, role };
  return { body: predictionResponseJson(result, format), contentType: 'application/json; charset=utf-8', version, role };
}

interface Answered {
  result: PredictionResult;
  version: string;
  role: 'primary' | 'canary';
}

/** Predicts with the engine's model `key` (a deployment's version: see engineKey). */
type Work = (key: string) => Promise<PredictionResult>;

/**
 * Loads the deployment (404 when there is none) and answers with its primary or, for the canary's
 * share, its canary, counting the request, its rows and latency under the deployment and the run
 * that answered. Names that are not served are never labels: a caller could otherwise grow the
 * series without bound. Then, off the answer's path: a sampled request goes to the prediction log,
 * and the shadow's share is sent to the shadow, whose answer is logged and never returned.
 */
async function served(service: PredictService, call: PredictCall, name: string, work: Work, rows: () => LoggedRow[]): Promise<Answered> {
  await service.serving.ensure(name);
  const routes = service.serving.loadedRoutes(name);
  const role = routes ? answeringRole(routes, Math.random()) : 'primary';
  const version = (role === 'canary' ? routes?.canary?.runId : routes?.primary) ?? 'unknown';
  call.onVersion?.(version);
  const labels = { deployment: name, version };
  const { metrics } = service;
  const started = performance.now();
  let result: PredictionResult;
  try {
    result = await work(engineKey(name, role));
    metrics.predictRequests.inc({ ...labels, status: '200' });
    metrics.predictRows.inc(labels, result.rowCount);
  } catch (error) {
    metrics.predictRequests.inc({ ...labels, status: String(toErrorResponse(error, () => undefined).status) });
    throw error;
  } finally {
    metrics.predictDuration.observe(labels, (performance.now() - started) / 1000);
  }
  const logger = service.predictionLog;
  if (routes && logger) {
    // A request both logged and mirrored reads its rows and formats its answer once.
    let logged: LoggedRow[] | undefined;
    let predictions: unknown[] | undefined;
    const rowsOnce = () => (logged ??= rows());
    const answerOnce = () => (predictions ??= predictionResponse(result).predictions);
    if (routes.logPercent > 0 && Math.random() * 100 < routes.logPercent) {
      logger.record(entryOf(routes, role, version, call, rowsOnce(), result.rowCount, answerOnce(), null, performance.now() - started));
    }
    if (routes.shadow && Math.random() * 100 < routes.shadow.percent && shadowsInFlight < MAX_SHADOW_IN_FLIGHT) {
      void mirror(routes, name, call, work, rowsOnce, answerOnce, logger);
    }
  }
  return { result, version, role };
}

/** Sends the request to the deployment's shadow and logs its answer (or its error). */
async function mirror(routes: Routes, name: string, call: PredictCall, work: Work, rows: () => LoggedRow[], answered: () => unknown[], logger: PredictionLogger): Promise<void> {
  const shadowRun = routes.shadow!.runId;
  shadowsInFlight += 1;
  const started = performance.now();
  const withAnswer = (entry: ReturnType<typeof entryOf>) => ({ ...entry, answeredPredictions: answered().slice(0, entry.instances.length) });
  try {
    const result = await work(engineKey(name, 'shadow'));
    logger.record(withAnswer(entryOf(routes, 'shadow', shadowRun, call, rows(), result.rowCount, predictionResponse(result).predictions, null, performance.now() - started)));
  } catch (error) {
    const rowsOf = rows();
    logger.record(withAnswer(entryOf(routes, 'shadow', shadowRun, call, rowsOf, rowsOf.length, null, (error as Error)?.message ?? String(error), performance.now() - started)));
  } finally {
    shadowsInFlight -= 1;
  }
}

/** A log entry of `rows` (the request's first rows) and the answer's `predictions` for them (null: the model failed). */
function entryOf(routes: Routes, role: Role, runId: string, call: PredictCall, rows: LoggedRow[], rowCount: number, predictions: unknown[] | null, error: string | null, latencyMs: number) {
  return {
    deploymentId: routes.deploymentId, runId, role, requestId: call.requestId ?? null,
    rowCount, instances: rows,
    predictions: predictions ? predictions.slice(0, rows.length) : null,
    error: error?.slice(0, 2000) ?? null, latencyMs,
  };
}

/** A value as JSON, cut short: error messages quote what was sent without echoing a whole body. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
