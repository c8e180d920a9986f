import { createHash, timingSafeEqual } from 'node:crypto';
import { getApiKeyByHash, getSessionUser, touchApiKey, type Database } from '@overture/db';
import type { Actor } from './actor.js';
import type { ApiKeyCache } from './api-key-cache.js';
import { ApiError } from './errors.js';

/** Tokens are stored and looked up by SHA-256: a leaked table holds nothing usable. */
export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The session cookie: httpOnly, SameSite=Lax, Secure behind https. */
export const SESSION_COOKIE = 'overture_session';

/** What authentication reads of a request: a WHATWG `Headers` or an adapter over Node's header object. */
export interface HeaderSource {
  get(name: string): string | null;
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The request's own origin as the browser sees it (behind a proxy: X-Forwarded-*). */
export function requestOrigin(headers: HeaderSource, url: string): string {
  const forwardedProto = headers.get('x-forwarded-proto')?.split(',')[0].trim();
  const proto = forwardedProto || new URL(url).protocol.replace(':', '');
  const host = headers.get('x-forwarded-host')?.split(',')[0].trim() || headers.get('host') || new URL(url).host;
  return `${proto}://${host}`;
}

export interface Authentication {
  actor: Actor;
  /** Cookie sessions need the CSRF check; bearer keys cannot be sent by another site's page. */
  via: 'cookie' | 'bearer';
  sessionHash?: string;
}

/** What authenticating needs: the database, this process's key cache and the env's bootstrap key. */
export interface AuthSettings {
  db: Database;
  apiKeys: ApiKeyCache;
  bootstrapApiKey: string | undefined;
}

/**
 * The actor of a request (a Bearer API key, else the session cookie), or null when it carries no
 * credentials. Bad credentials are a 401. The web and the serving process authenticate alike.
 */
export async function authenticate(settings: AuthSettings, headers: HeaderSource): Promise<Authentication | null> {
  const header = headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError('unauthorized', 'the Authorization header must be "Bearer <API key>".');
    return { actor: await actorOfKey(settings, match[1]), via: 'bearer' };
  }
  const token = readCookie(headers.get('cookie'), SESSION_COOKIE);
  if (!token) return null;
  const sessionHash = sha256(token);
  const session = await getSessionUser(settings.db, sessionHash);
  if (!session) throw new ApiError('unauthorized', 'your session has expired or was signed out: sign in again.');
  const { user } = session;
  return { actor: { kind: 'session', userId: user.id, email: user.email, role: user.role }, via: 'cookie', sessionHash };
}

async function actorOfKey(settings: AuthSettings, key: string): Promise<Actor> {
  // One hash per request: it is both the lookup key and what the bootstrap key is compared by.
  const keyHash = sha256(key);
  const bootstrap = settings.bootstrapApiKey;
  if (bootstrap && hashesEqual(keyHash, bootstrapHash(bootstrap))) return { kind: 'bootstrap', userId: null, email: null, role: 'admin' };
  let actor = settings.apiKeys.get(keyHash);
  if (actor === undefined) {
    const found = await getApiKeyByHash(settings.db, keyHash);
    actor = found ? { kind: 'api_key', userId: found.user.id, email: found.user.email, role: found.user.role, apiKeyId: found.key.id } : null;
    settings.apiKeys.set(keyHash, actor);
    if (found) touchApiKey(settings.db, found.key.id).catch(() => undefined);
  }
  if (!actor) throw new ApiError('unauthorized', 'this API key is not valid (unknown or revoked).');
  return actor;
}

/** Compared in constant time (equal-length hex digests): the time taken says nothing of the key. */
function hashesEqual(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The bootstrap key's hash, computed once per key (it is a process setting, hashed on every request otherwise). */
let bootstrapMemo: { key: string; hash: string } | null = null;
function bootstrapHash(key: string): string {
  if (bootstrapMemo?.key !== key) bootstrapMemo = { key, hash: sha256(key) };
  return bootstrapMemo.hash;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions: a state-changing request must come from our own pages. Browsers
 * send Origin on every cross-origin and every non-GET request (and Sec-Fetch-Site), so a request that
 * names another origin, or names none at all, is refused.
 */
export function checkSameOrigin(method: string, headers: HeaderSource, url: string): void {
  if (SAFE_METHODS.has(method)) return;
  const origin = headers.get('origin');
  if (origin) {
    if (origin !== requestOrigin(headers, url)) throw new ApiError('forbidden', `cross-site request refused (Origin ${origin}).`);
    return;
  }
  if (headers.get('sec-fetch-site') === 'same-origin') return;
  throw new ApiError('forbidden', 'cross-site request refused: a signed-in browser request must carry its Origin (API clients use an API key).');
}
