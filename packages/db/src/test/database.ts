import { randomBytes } from 'node:crypto';
import { createDb, type DbHandle } from '../client.js';
import { createMigratedDatabase, dropDatabase } from '../migrate.js';

/** The machine's Postgres server (DATABASE_URL's server when set). */
export const serverUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/overture';

/** A fresh, migrated database for one test file; `drop()` removes it. */
export async function freshDatabase(label: string): Promise<DbHandle & { url: string; drop(): Promise<void> }> {
  const name = `overture_test_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = await createMigratedDatabase(serverUrl, name);
  const handle = createDb(url, { max: 4 });
  return {
    ...handle,
    url,
    async drop() {
      await handle.close();
      await dropDatabase(serverUrl, name);
    },
  };
}
