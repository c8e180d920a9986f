import { answerPredict, ROLE_HEADER, VERSION_HEADER } from '@overture/deployments';
import type { Actor } from '../auth/actor';
import type { AppContext } from '../context';
import { readBodyBytes } from '../http/read-body';
import { webMetrics } from '../observability/metrics';
import { currentRequestId } from '../observability/request-scope';

/**
 * `POST /predict` and `/predict/<deployment>` in the web process (the serving process answers the
 * same protocol through the same `answerPredict`; the front server sends /predict there).
 */
export async function predict(ctx: AppContext, actor: Actor, request: Request, nameFromPath: string | null): Promise<Response> {
  const answer = await answerPredict({
    serving: ctx.serving, metrics: webMetrics(), rateLimiter: ctx.rateLimiter,
    maxBodyBytes: ctx.env.OVERTURE_MAX_PREDICT_BYTES, predictionLog: ctx.predictionLog,
  }, {
    caller: actor.apiKeyId ?? actor.userId ?? 'bootstrap',
    contentType: request.headers.get('content-type'), accept: request.headers.get('accept'),
    query: new URL(request.url).searchParams, nameFromPath,
    readBody: (limit, hint) => readBodyBytes(request, limit, hint), requestId: currentRequestId(),
  });
  return new Response(answer.body, { headers: { 'content-type': answer.contentType, [VERSION_HEADER]: answer.version, [ROLE_HEADER]: answer.role } });
}
