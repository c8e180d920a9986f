import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { badInput } from '../../errors';
import { canonicalAddress, isPrivateAddress, isThisMachine } from './ip-address';
import type { ParsedSource } from './source-url';

/** Where SQL sources may point, as the web's settings say. */
export interface SourceAccess {
  allowPrivate: boolean;
  /** The platform's own Postgres (DATABASE_URL) and Redis (REDIS_URL): never a source, whatever is allowed. */
  platformDatabaseUrl: string;
  platformRedisUrl: string;
}

interface Endpoint {
  addresses: string[];
  port: number;
}

/** A platform URL's host resolved; a host that does not resolve cannot be reached by a source either. */
async function endpointOf(url: string, defaultPort: number): Promise<Endpoint & { database: string; user: string }> {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const addresses = isIP(host) ? [host] : await lookup(host || 'localhost', { all: true }).then((a) => a.map((x) => x.address), () => []);
  return { addresses, port: Number(parsed.port) || defaultPort, database: decodeURIComponent(parsed.pathname.replace(/^\//, '')), user: decodeURIComponent(parsed.username) };
}

/** The same server: the same address in any spelling, or both on this machine (loopback, 0.0.0.0, ::, an interface's own address). */
function sameServer(source: ParsedSource, platform: Endpoint): boolean {
  if (source.port !== platform.port) return false;
  return source.addresses.some((a) => platform.addresses.some((p) => canonicalAddress(a) === canonicalAddress(p) || (isThisMachine(a) && isThisMachine(p))));
}

const refuse = (what: string) => badInput(`this URL points at Overture's own ${what}, which cannot be used as a data source.`, [{ path: 'source.url', message: `the platform's own ${what}` }]);

/**
 * Refuses the platform's own database and Redis (a snapshot query must not be a way to read
 * Overture's users, sessions or keys: DESIGN "Known traps: SQL sources"), then private hosts
 * unless allowed. Every resolved address is checked, since the driver may use any of them.
 */
export async function checkSourceAllowed(source: ParsedSource, access: SourceAccess): Promise<void> {
  const [database, redis] = await Promise.all([endpointOf(access.platformDatabaseUrl, 5432), endpointOf(access.platformRedisUrl, 6379)]);
  if (sameServer(source, redis)) throw refuse('Redis');
  if (sameServer(source, database)) {
    if (source.type === 'mysql') throw refuse('database server');
    if ((source.database || source.user) === (database.database || database.user)) throw refuse('database');
  }
  if (!access.allowPrivate && source.addresses.some(isPrivateAddress)) {
    throw badInput(`the host '${source.host}' is on a private or loopback network; an admin can allow such sources with OVERTURE_ALLOW_PRIVATE_SOURCES=true.`, [{ path: 'source.url', message: 'private address' }]);
  }
}
