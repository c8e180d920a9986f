import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { badInput } from '../../errors';

export const ZSqlSource = z.object({
  type: z.enum(['postgres', 'mysql']),
  /** postgresql://user:password@host:5432/db or mysql://user:password@host:3306/db */
  url: z.string().min(1).max(4096),
  query: z.string().trim().min(1, 'write a SELECT query').max(100_000),
});
export type SqlSource = z.infer<typeof ZSqlSource>;

/** libpq's sslmode names; MySQL's ssl-mode values map onto them. */
export const tlsModes = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type TlsMode = (typeof tlsModes)[number];
const mysqlTlsModes: Record<string, TlsMode> = { disabled: 'disable', preferred: 'prefer', required: 'require', verify_ca: 'verify-ca', verify_identity: 'verify-full' };

/** What a source URL says, with its host resolved. No password: this is stored and shown. */
export interface ParsedSource {
  type: SqlSource['type'];
  /** The host as written (lower case, without brackets or a trailing dot): TLS checks the certificate against it. */
  host: string;
  port: number;
  database: string;
  user: string;
  tls: TlsMode;
  /** Resolved addresses of the host: every one is checked, and the driver connects to these, never resolving again. */
  addresses: string[];
}

export interface SourceLogin {
  source: ParsedSource;
  password: string;
}

const schemes = { postgres: ['postgres:', 'postgresql:'], mysql: ['mysql:', 'mariadb:'] } as const;
const defaultPorts = { postgres: 5432, mysql: 3306 } as const;
const tlsParam = { postgres: 'sslmode', mysql: 'ssl-mode' } as const;
const example = { postgres: 'postgresql://user:password@host:5432/database', mysql: 'mysql://user:password@host:3306/database' } as const;

const invalid = (message: string, detail: string) => badInput(message, [{ path: 'source.url', message: detail }]);

/**
 * A %-decoded part of the URL. Control characters are refused: the drivers write user and database
 * as NUL-terminated strings, so a `%00` in them would end the name early and let the rest be read
 * as further startup settings (`…/overture%00default_transaction_read_only%00off` reached the
 * platform's own database with read-only switched off). No name or password needs one.
 */
function decode(part: string, what: string): string {
  let text: string;
  try {
    text = decodeURIComponent(part);
  } catch {
    throw invalid(`the ${what} in the connection URL has a broken %-escape.`, `bad ${what}`);
  }
  if (/[\u0000-\u001f\u007f]/.test(text)) throw invalid(`the ${what} in the connection URL has a control character (such as %00); write it as plain text.`, `control character in ${what}`);
  return text;
}

/** A query-string option: only the TLS mode. Driver options (host, port, socketPath, debug, multipleStatements, ssl file paths…) would override what was checked. */
function tlsModeOf(type: SqlSource['type'], params: URLSearchParams): TlsMode {
  const allowed = tlsParam[type];
  for (const name of new Set(params.keys())) {
    if (name === allowed && params.getAll(name).length === 1) continue;
    const shown = name.replace(/[^\w.-]/g, '?').slice(0, 40);
    throw invalid(
      `the connection URL option '${shown}' is not accepted: Overture takes the host, port, database, user and password from the URL itself, and of the options only one '${allowed}' (${type === 'postgres' ? tlsModes.join(', ') : Object.keys(mysqlTlsModes).map((m) => m.toUpperCase()).join(', ')}).`,
      `option '${shown}' not accepted`,
    );
  }
  const value = params.get(allowed);
  if (value === null) return 'prefer';
  const mode = type === 'postgres' ? tlsModes.find((m) => m === value) : mysqlTlsModes[value.toLowerCase()];
  if (!mode) throw invalid(`'${allowed}' is one of ${type === 'postgres' ? tlsModes.join(', ') : Object.keys(mysqlTlsModes).map((m) => m.toUpperCase()).join(', ')}.`, `unknown ${allowed}`);
  return mode;
}

/**
 * Parses a source URL ourselves, takes only host, port, database, user, password and TLS mode
 * from it (every other option is refused), and resolves the host once. The drivers never see
 * the URL. Messages never repeat the URL (it holds a password).
 */
export async function parseSourceUrl(type: SqlSource['type'], url: string): Promise<SourceLogin> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`the ${type} connection URL is not a URL; write it like ${example[type]}.`, 'not a URL');
  }
  if (!(schemes[type] as readonly string[]).includes(parsed.protocol)) {
    throw invalid(`a ${type} URL starts with ${schemes[type][0]}//, not ${parsed.protocol}//.`, 'wrong scheme');
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (!host) throw invalid(`the connection URL names no host; write it like ${example[type]}.`, 'no host');
  if (/[%/\\]/.test(host)) throw invalid('the connection URL names a Unix socket or a path as its host; sources are reached over TCP by host name or address.', 'socket host');
  const user = decode(parsed.username, 'user');
  if (!user) throw invalid(`the connection URL names no user; write it like ${example[type]} (with a read-only user).`, 'no user');
  const password = decode(parsed.password, 'password');
  const database = decode(parsed.pathname.replace(/^\//, ''), 'database name');
  if (database.includes('/')) throw invalid("the database name in the connection URL has a '/'.", 'bad database name');
  const tls = tlsModeOf(type, parsed.searchParams);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (error) {
    throw invalid(`cannot resolve the host '${host}' (${(error as { code?: string }).code ?? 'lookup failed'}).`, 'unknown host');
  }
  if (addresses.length === 0) throw invalid(`cannot resolve the host '${host}' (no addresses).`, 'unknown host');
  return { source: { type, host, port: Number(parsed.port) || defaultPorts[type], database, user, tls, addresses }, password };
}
