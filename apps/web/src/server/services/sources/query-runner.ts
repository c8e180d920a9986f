import { badInput } from '../../errors';
import type { SourceLogin } from './source-url';
import { runPostgresQuery } from './postgres';
import { runMysqlQuery } from './mysql';

export type Cell = string | number | boolean | null;

export interface QuerySink {
  /** Column names, once, before any rows. */
  header(columns: string[]): void | Promise<void>;
  rows(rows: Cell[][]): void | Promise<void>;
}

export interface QueryLimits {
  rowCap: number;
  timeoutMs: number;
}

export interface QueryOutcome {
  rows: number;
  /** True when the row cap cut the result. */
  truncated: boolean;
  serverVersion: string;
}

/** Words a query may start with: reads. Writes fail in the read-only transaction anyway; this names the mistake and keeps COPY (whose protocol the cursor does not speak) out. */
const reading = new Set(['select', 'with', 'values', 'table']);

/**
 * The first keyword after blanks, comments and opening parentheses, with comments read as the
 * server reads them: Postgres nests block comments (`/* /* *\/ SELECT *\/ COPY …` is a COPY) and
 * has no `#` comments; MySQL's `--` needs a blank after it, and its executable comments (`/*! … *\/`,
 * MariaDB's `/*M! … *\/`) are code, so they count as a keyword.
 */
export function firstKeyword(query: string, dialect: 'postgres' | 'mysql'): string {
  let at = 0;
  for (;;) {
    while (at < query.length && /[\s(]/.test(query[at])) at++;
    const rest = query.slice(at, at + 4);
    if (rest.startsWith('--') && (dialect === 'postgres' || rest.length === 2 || /[\s\x00-\x1f]/.test(rest[2]))) {
      const end = query.indexOf('\n', at);
      at = end < 0 ? query.length : end + 1;
    } else if (rest.startsWith('#') && dialect === 'mysql') {
      const end = query.indexOf('\n', at);
      at = end < 0 ? query.length : end + 1;
    } else if (rest.startsWith('/*')) {
      if (dialect === 'mysql' && /^\/\*M?!/.test(rest)) return rest.startsWith('/*!') ? '/*!' : '/*M!';
      at = commentEnd(query, at, dialect === 'postgres');
    } else {
      break;
    }
  }
  return /^[A-Za-z_]+/.exec(query.slice(at))?.[0].toLowerCase() ?? '';
}

/** Where the block comment at `start` ends (the text's end when it never does). */
function commentEnd(query: string, start: number, nested: boolean): number {
  let depth = 0;
  let at = start;
  while (at < query.length) {
    if (query.startsWith('/*', at) && (nested || depth === 0)) { depth++; at += 2; }
    else if (query.startsWith('*/', at)) { at += 2; if (--depth === 0) return at; }
    else at++;
  }
  return query.length;
}

/**
 * Runs one SELECT on a source: a single statement (the drivers' prepared-statement protocols
 * refuse a second), in a read-only transaction of a read-only session, with the server's time
 * limit and a client-side deadline, streaming at most rowCap rows.
 */
export function runSourceQuery(login: SourceLogin, query: string, limits: QueryLimits, sink: QuerySink): Promise<QueryOutcome> {
  const text = query.trim().replace(/;\s*$/, '');
  const keyword = firstKeyword(text, login.source.type);
  if (!reading.has(keyword)) {
    throw badInput(`a snapshot runs one reading query (SELECT, WITH … SELECT, VALUES or TABLE); this one starts with '${keyword.slice(0, 30) || text.slice(0, 1)}'.`, [{ path: 'source.query', message: 'not a SELECT' }]);
  }
  return login.source.type === 'postgres' ? runPostgresQuery(login, text, limits, sink) : runMysqlQuery(login, text, limits, sink);
}

/** Extra time the client gives the server's own time limit before it drops the connection itself. */
export const DEADLINE_GRACE_MS = 1000;

/**
 * The client-side deadline: when `work` has not settled `timeoutMs + DEADLINE_GRACE_MS` after
 * the start, `kill` destroys the connection (the server's limit did not stop it: a stalled
 * network, a server that ignores it) and the run fails with `onTimeout()`.
 */
export async function withDeadline<T>(timeoutMs: number, kill: () => void, onTimeout: () => Error, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { kill(); reject(onTimeout()); }, timeoutMs + DEADLINE_GRACE_MS);
  });
  const running = work();
  running.catch(() => undefined); // after the deadline, its rejection (the destroyed connection) has no one to tell
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A database value as a CSV cell: dates as ISO 8601, bytes as base64, structures as JSON. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return JSON.stringify(value);
}
