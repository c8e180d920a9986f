import { randomBytes } from 'node:crypto';
import type { TestDatabase } from './database.js';

export interface PostgresReader {
  role: string;
  /** The test database's URL with this role as its user. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A read-only login role for a test database used as a SQL source: SELECT on the tables that
 * exist in `schemas` when this is called, nothing else. Overture refuses a superuser as a
 * source, so tests connect as what an admin should give it. `drop()` before the database's own.
 */
export async function createPostgresReader(database: TestDatabase, schemas = ['public']): Promise<PostgresReader> {
  const role = `overture_reader_${process.pid}_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(8).toString('hex');
  await database.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  await database.pool.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${role}`);
  for (const schema of schemas) {
    await database.pool.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await database.pool.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
  }
  const url = new URL(database.url);
  url.username = role;
  url.password = password;
  return {
    role,
    url: url.toString(),
    async drop() {
      await database.pool.query(`REVOKE ALL ON DATABASE ${database.name} FROM ${role}`);
      await database.pool.query(`DROP OWNED BY ${role}`);
      await database.pool.query(`DROP ROLE ${role}`);
    },
  };
}
