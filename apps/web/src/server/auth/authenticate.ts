import { timingSafeEqual } from 'node:crypto';
import { getApiKeyByHash, getSessionUser, touchApiKey } from '@overture/db';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import type { Actor } from './actor';
import { readCookie, requestOrigin, SESSION_COOKIE } from './cookies';
import { sha256 } from './tokens';

export interface Authentication {
  actor: Actor;
  /** Cookie sessions need the CSRF check; bearer keys cannot be sent by another site's page. */
  via: 'cookie' | 'bearer';
  sessionHash?: string;
}

/** The actor of a request, or null when it carries no credentials. Bad credentials are a 401. */
export async function authenticate(ctx: AppContext, request: Request): Promise<Authentication | null> {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError('unauthorized', 'the Authorization header must be "Bearer <API key>".');
    return { actor: await actorOfKey(ctx, match[1]), via: 'bearer' };
  }
  const token = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (!token) return null;
  const sessionHash = sha256(token);
  const session = await getSessionUser(ctx.db, sessionHash);
  if (!session) throw new ApiError('unauthorized', 'your session has expired or was signed out: sign in again.');
  const { user } = session;
  return { actor: { kind: 'session', userId: user.id, email: user.email, role: user.role }, via: 'cookie', sessionHash };
}

async function actorOfKey(ctx: AppContext, key: string): Promise<Actor> {
  const bootstrap = ctx.env.OVERTURE_BOOTSTRAP_API_KEY;
  if (bootstrap && safeEqual(key, bootstrap)) return { kind: 'bootstrap', userId: null, email: null, role: 'admin' };
  const keyHash = sha256(key);
  let actor = ctx.apiKeys.get(keyHash);
  if (actor === undefined) {
    const found = await getApiKeyByHash(ctx.db, keyHash);
    actor = found ? { kind: 'api_key', userId: found.user.id, email: found.user.email, role: found.user.role, apiKeyId: found.key.id } : null;
    ctx.apiKeys.set(keyHash, actor);
    if (found) touchApiKey(ctx.db, found.key.id).catch(() => undefined);
  }
  if (!actor) throw new ApiError('unauthorized', 'this API key is not valid (unknown or revoked).');
  return actor;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a)), y = Buffer.from(sha256(b));
  return timingSafeEqual(x, y);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions: a state-changing request must come from our own pages. Browsers
 * send Origin on every cross-origin and every non-GET request (and Sec-Fetch-Site), so a request that
 * names another origin, or names none at all, is refused.
 */
export function checkSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get('origin');
  if (origin) {
    if (origin !== requestOrigin(request.headers, request.url)) throw new ApiError('forbidden', `cross-site request refused (Origin ${origin}).`);
    return;
  }
  if (request.headers.get('sec-fetch-site') === 'same-origin') return;
  throw new ApiError('forbidden', 'cross-site request refused: a signed-in browser request must carry its Origin (API clients use an API key).');
}
