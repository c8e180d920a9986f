import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie, an invitation link or an API key (256 bits, base64url). */
export function randomToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Tokens are stored and looked up by SHA-256: a leaked table holds nothing usable. */
export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** API keys look like `ovt_…`, so they are recognisable in logs and secret scanners. */
export const API_KEY_PREFIX = 'ovt_';
