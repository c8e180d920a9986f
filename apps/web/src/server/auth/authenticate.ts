import { authenticate as authenticateHeaders, checkSameOrigin as checkOrigin, type Authentication } from '@overture/deployments';
import type { AppContext } from '../context';

export type { Authentication };

/** The actor of a request, or null when it carries no credentials. Bad credentials are a 401. */
export function authenticate(ctx: AppContext, request: Request): Promise<Authentication | null> {
  return authenticateHeaders({ db: ctx.db, apiKeys: ctx.apiKeys, bootstrapApiKey: ctx.env.OVERTURE_BOOTSTRAP_API_KEY }, request.headers);
}

/** CSRF defence for cookie sessions (see @overture/deployments' checkSameOrigin). */
export function checkSameOrigin(request: Request): void {
  checkOrigin(request.method, request.headers, request.url);
}
