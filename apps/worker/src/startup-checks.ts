import { describeConnectionError, type Database } from '@overture/db';
import { pingRedis } from '@overture/jobs';

/** Fails with a readable message when Postgres or Redis is unreachable or the schema is missing. */
export async function checkServices(db: Database, databaseUrl: string, redisUrl: string): Promise<void> {
  try {
    await db.$client.query('SELECT 1 FROM runs LIMIT 0');
  } catch (error) {
    throw new Error(describeConnectionError(error, databaseUrl));
  }
  await pingRedis(redisUrl);
}
