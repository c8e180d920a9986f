import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { badInput } from '../../errors';

export const ZSqlSource = z.object({
  type: z.enum(['postgres', 'mysql']),
  /** postgresql://user:password@host:5432/db or mysql://user:password@host:3306/db */
  url: z.string().min(1),
  query: z.string().trim().min(1, 'write a SELECT query').max(100_000),
});
export type SqlSource = z.infer<typeof ZSqlSource>;

export interface ParsedSource {
  type: SqlSource['type'];
  host: string;
  port: number;
  database: string;
  user: string;
  /** Resolved addresses of the host. */
  addresses: string[];
}

const schemes = { postgres: ['postgres:', 'postgresql:'], mysql: ['mysql:', 'mariadb:'] } as const;
const defaultPorts = { postgres: 5432, mysql: 3306 } as const;

/** Parses and resolves a source URL; the message never repeats the URL (it holds a password). */
export async function parseSourceUrl(type: SqlSource['type'], url: string): Promise<ParsedSource> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput(`the ${type} connection URL is not a URL; write it like ${type === 'postgres' ? 'postgresql://user:password@host:5432/database' : 'mysql://user:password@host:3306/database'}.`, [{ path: 'source.url', message: 'not a URL' }]);
  }
  if (!(schemes[type] as readonly string[]).includes(parsed.protocol)) {
    throw badInput(`a ${type} URL starts with ${schemes[type][0]}//, not ${parsed.protocol}//.`, [{ path: 'source.url', message: 'wrong scheme' }]);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw badInput('the connection URL names no host.', [{ path: 'source.url', message: 'no host' }]);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch (error) {
    throw badInput(`cannot resolve the host '${host}' (${(error as { code?: string }).code ?? 'lookup failed'}).`, [{ path: 'source.url', message: 'unknown host' }]);
  }
  return { type, host, port: Number(parsed.port) || defaultPorts[type], database, user: decodeURIComponent(parsed.username), addresses };
}

/** Loopback, private, link-local, CGNAT and unspecified addresses (IPv4 and IPv6). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1] : address;
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  const lower = ip.toLowerCase();
  return lower === '::1' || lower === '::' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}

const isLoopback = (address: string) => address === '::1' || /^(::ffff:)?127\./.test(address);

/**
 * Refuses private hosts (unless allowed) and the platform's own database: a snapshot query must
 * not be a way to read Overture's users, sessions or keys (DESIGN "Known traps: SQL sources").
 */
export async function checkSourceAllowed(source: ParsedSource, options: { allowPrivate: boolean; platformDatabaseUrl: string }): Promise<void> {
  if (source.type === 'postgres') {
    const platform = await parseSourceUrl('postgres', options.platformDatabaseUrl).catch(() => null);
    if (platform && platform.port === source.port && (source.database || source.user) === (platform.database || platform.user)) {
      const same = source.addresses.some((a) => platform.addresses.includes(a))
        || (source.addresses.every(isLoopback) && platform.addresses.every(isLoopback));
      if (same) throw badInput("this URL points at Overture's own database, which cannot be used as a data source.", [{ path: 'source.url', message: "the platform's own database" }]);
    }
  }
  if (!options.allowPrivate && source.addresses.some(isPrivateAddress)) {
    throw badInput(`the host '${source.host}' is on a private or loopback network; an admin can allow such sources with OVERTURE_ALLOW_PRIVATE_SOURCES=true.`, [{ path: 'source.url', message: 'private address' }]);
  }
}
