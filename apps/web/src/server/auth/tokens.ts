import { randomBytes } from 'node:crypto';

/** A random secret for a cookie, an invitation link or an API key (256 bits, base64url). */
export function randomToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Tokens are stored and looked up by SHA-256 (shared with the serving process's key lookups). */
export { sha256 } from '@overture/deployments';

/** API keys look like `ovt_…`, so they are recognisable in logs and secret scanners. */
export const API_KEY_PREFIX = 'ovt_';
