import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder, pendingMigrations, runMigrations } from './migrate.js';
import { createModel, createModelVersion } from './queries/models.js';
import { freshDatabase } from './test/database.js';

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => { database = await freshDatabase('migrate'); });
  afterAll(async () => { await database.drop(); });

  it('create every table of the schema in a fresh database', async () => {
    const { rows } = await database.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(rows.map((r) => r.table_name)).toEqual([
      'api_keys', 'artifacts', 'audit_log', 'batch_predictions', 'dataset_columns', 'datasets', 'deployments', 'hyperopt_studies', 'hyperopt_trials', 'invitations', 'model_versions', 'models', 'prediction_log',
      'run_logs', 'run_metrics', 'runs', 'sessions', 'source_connections', 'users',
    ]);
  });

  it('are safe to repeat and to run concurrently', async () => {
    await Promise.all([runMigrations(database.url), runMigrations(database.url), runMigrations(database.url)]);
    const { rows } = await database.pool.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(journal.entries.length).toBeGreaterThanOrEqual(5);
    expect(rows[0].n).toBe(journal.entries.length);
  });

  it('numbers model versions per model and refuses to edit one', async () => {
    const model = await createModel(database.db, { name: 'm' });
    const v1 = await createModelVersion(database.db, { modelId: model.id, yaml: 'a: 1\n', resolvedConfig: { a: 1 } });
    const v2 = await createModelVersion(database.db, { modelId: model.id, yaml: 'a: 2\n', resolvedConfig: { a: 2 }, parentVersionId: v1.id });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    await expect(database.pool.query('UPDATE model_versions SET yaml = $1 WHERE id = $2', ['b: 1\n', v1.id]))
      .rejects.toThrow(/model_versions rows are immutable/);
  });

  it('reports no pending migration once applied, and the ones after the last recorded otherwise', async () => {
    expect(await pendingMigrations(database.pool)).toEqual([]);
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    const last = journal.entries.at(-1)!;
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM drizzle.__drizzle_migrations WHERE created_at = $1', [last.when]);
      expect(await pendingMigrations(client)).toEqual([last.tag]);
      await client.query('ALTER TABLE drizzle.__drizzle_migrations RENAME TO gone');
      expect(await pendingMigrations(client)).toEqual(journal.entries.map((e) => e.tag));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
