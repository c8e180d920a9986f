import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

/** The committed SQL migrations (packages/db/drizzle), next to both src/ and dist/. */
export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../drizzle');

/** Any number that other Overture processes agree on: serializes concurrent `db:migrate`s. */
const MIGRATION_LOCK = 0x0f3a7e;

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the database named in `url` when missing (connecting to the server's `postgres` database). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile by another process
      return false;
    }
    return true;
  } finally {
    await admin.end();
  }
}

/** Creates the database if needed and applies pending migrations; safe to repeat and to run concurrently. */
export async function runMigrations(url: string): Promise<{ created: boolean }> {
  const created = await ensureDatabase(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('SET client_min_messages = warning');
    await migrate(drizzle(client), { migrationsFolder });
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } finally {
    await client.end();
  }
  return { created };
}

/** Creates a database under `serverUrl` with the schema applied (tests: one per file). */
export async function createMigratedDatabase(serverUrl: string, name: string): Promise<string> {
  const url = withDatabase(serverUrl, name);
  await runMigrations(url);
  return url;
}

/** Drops a database, disconnecting its sessions first. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

interface Journal {
  entries: { tag: string; when: number }[];
}

/**
 * The committed migrations this database has not applied (readiness: a process must not serve on an
 * old schema). Drizzle applies a migration when its journal time is after the last one recorded in
 * drizzle.__drizzle_migrations, so that is the comparison made here.
 */
export async function pendingMigrations(client: { query(sql: string): Promise<{ rows: Record<string, unknown>[] }> }): Promise<string[]> {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  let last = -Infinity;
  try {
    const { rows } = await client.query('SELECT max(created_at) AS last FROM drizzle.__drizzle_migrations');
    if (rows[0]?.last !== null && rows[0]?.last !== undefined) last = Number(rows[0].last);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01' && (error as { code?: string }).code !== '3F000') throw error; // no table yet: nothing applied
  }
  return journal.entries.filter((e) => e.when > last).map((e) => e.tag);
}
