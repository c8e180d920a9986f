import { randomBytes } from 'node:crypto';
import { createDb, createMigratedDatabase, dropDatabase, type DbHandle } from '@overture/db';

/** The machine's Postgres server (DATABASE_URL's server when set). */
export const machineDatabaseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/overture';

export interface TestDatabase extends DbHandle {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file, created with the committed migrations on the given
 * server (the machine's by default) and dropped by `drop()`.
 */
export async function createTestDatabase(label: string, serverUrl = machineDatabaseUrl): Promise<TestDatabase> {
  const name = `overture_test_${label.replace(/\W/g, '_').toLowerCase()}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = await createMigratedDatabase(serverUrl, name);
  const handle = createDb(url, { max: 4 });
  return {
    ...handle,
    url,
    name,
    async drop() {
      await handle.close().catch(() => undefined);
      await dropDatabase(serverUrl, name);
    },
  };
}
