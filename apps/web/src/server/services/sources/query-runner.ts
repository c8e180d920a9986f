import type { ParsedSource } from './source-url';
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

/** Runs a SELECT on a source in a READ ONLY transaction with a statement timeout, streaming at most rowCap rows. */
export function runSourceQuery(source: ParsedSource, url: string, query: string, limits: QueryLimits, sink: QuerySink): Promise<QueryOutcome> {
  const text = query.trim().replace(/;\s*$/, '');
  return source.type === 'postgres' ? runPostgresQuery(url, text, limits, sink) : runMysqlQuery(url, text, limits, sink);
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
