import { predictionCsv, predictionResponseJson, type PredictionResult, type ResponseFormat } from '@overture/serving';
import type { Actor } from '../auth/actor';
import type { AppContext } from '../context';
import { ApiError, badInput, toErrorResponse } from '../errors';
import { webMetrics } from '../observability/metrics';
import { mediaType, readBodyBytes } from '../http/read-body';
import { checkRateLimit } from './rate-limit';

/**
 * `POST /predict` and `/predict/<deployment>` (DESIGN "Contracts: Predictions"): JSON
 * `{model?, instances, explain?}` or a CSV body; JSON out, Ludwig's flat records with
 * `?format=ludwig`, CSV with `Accept: text/csv`. Bodies over the limit are a 413 by byte count.
 */
export async function predict(ctx: AppContext, actor: Actor, request: Request, nameFromPath: string | null): Promise<Response> {
  await checkRateLimit(ctx.redis, ctx.env.OVERTURE_REDIS_PREFIX, actor.apiKeyId ?? actor.userId ?? 'bootstrap', ctx.env.OVERTURE_PREDICT_RATE_LIMIT);
  const url = new URL(request.url);
  const type = mediaType(request.headers.get('content-type'));
  if (type !== '' && type !== 'application/json' && type !== 'text/csv') {
    throw new ApiError('unsupported_media_type', `Content-Type ${type} is not supported: send application/json ({"instances": […]}) or text/csv.`);
  }
  const format: ResponseFormat = url.searchParams.get('format') === 'ludwig' ? 'ludwig' : 'overture';
  const csvOut = (request.headers.get('accept') ?? '').includes('text/csv');
  const body = await readBodyBytes(request, ctx.env.OVERTURE_MAX_PREDICT_BYTES, 'send fewer rows per request, or use a batch prediction');
  let name = nameFromPath;
  let result;
  if (type === 'text/csv') {
    name ??= url.searchParams.get('model');
    if (!name) throw badInput('name the deployment: POST /predict/<deployment>, or ?model=<deployment> with a CSV body.');
    const deployment = name;
    result = await served(ctx, deployment, () => ctx.serving.engine.predictCsv(deployment, body.toString('utf8'), { explain: url.searchParams.get('explain') === 'true' }));
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
    result = await served(ctx, deployment, () => ctx.serving.engine.predict(deployment, input.instances, { explain: input.explain === true || url.searchParams.get('explain') === 'true' }));
  }
  if (csvOut) return new Response(predictionCsv(result), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
  return new Response(predictionResponseJson(result, format), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/**
 * Loads the deployment (404 when there is none) and answers with it, counting the request, its rows
 * and latency under the deployment and the run it serves. Names that are not served are never
 * labels: a caller could otherwise grow the series without bound.
 */
async function served(ctx: AppContext, name: string, work: () => Promise<PredictionResult>): Promise<PredictionResult> {
  await ctx.serving.ensure(name);
  const labels = { deployment: name, version: ctx.serving.loadedRun(name) ?? 'unknown' };
  const metrics = webMetrics();
  const started = performance.now();
  try {
    const result = await work();
    metrics.predictRequests.inc({ ...labels, status: '200' });
    metrics.predictRows.inc(labels, result.rowCount);
    return result;
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
