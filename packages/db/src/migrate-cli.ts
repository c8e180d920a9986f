// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (created when missing).
import { runMigrations } from './migrate.js';
import { describeConnectionError, redactUrl } from './connection-error.js';

const url = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/overture';
try {
  const { created } = await runMigrations(url);
  console.log(`${created ? 'created the database and ' : ''}applied migrations to ${redactUrl(url)}`);
} catch (error) {
  console.error(`db:migrate failed: ${describeConnectionError(error, url)}`);
  process.exitCode = 1;
}
