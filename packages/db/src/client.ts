import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.js';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface DbHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** Pool size (default 10). */
  max?: number;
  applicationName?: string;
  /** Errors of idle connections (a restarted server); logged, never thrown. */
  onIdleError?: (error: Error) => void;
}

/** One pool per process; queries take the returned `db`. */
export function createDb(url: string, options: CreateDbOptions = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'overture',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle client's error (e.g. Postgres restarting) crashes the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}
