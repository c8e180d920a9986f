import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPostgresReader, createTestDatabase, freePort, type PostgresReader, type TestDatabase } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '@/server/crypto';
import { expectJson, startTestApp, type TestApp } from './harness';

describe('refreshing a SQL dataset', () => {
  let t: TestApp;
  let source: TestDatabase;
  let reader: PostgresReader;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let viewer: Awaited<ReturnType<TestApp['user']>>;
  beforeAll(async () => {
    t = await startTestApp('refresh', { OVERTURE_SQL_ROW_CAP: '50', OVERTURE_SQL_TIMEOUT_MS: '2000' });
    member = await t.user('member');
    viewer = await t.user('viewer');
    // The source: a database of this test file's own, with a schema and table the platform does not know.
    source = await createTestDatabase('web_refresh_source');
    await source.pool.query('CREATE SCHEMA shop');
    await source.pool.query('CREATE TABLE shop.orders (id int, item text, price numeric, placed date)');
    await source.pool.query(`INSERT INTO shop.orders SELECT i, 'item ' || i, i * 2.5, DATE '2026-01-01' + i FROM generate_series(1, 5) AS i`);
    reader = await createPostgresReader(source, ['shop']);
  });
  afterAll(async () => {
    await reader.drop();
    await source.drop();
    await t.close();
  });

  const query = 'SELECT id, item, price, placed FROM shop.orders WHERE price > 0 ORDER BY id';
  const csvOf = (id: string) => readFileSync(path.join(t.dataDir, 'datasets', `${id}.csv`), 'utf8');
  const detail = async (id: string) => expectJson(await t.call('GET', `/api/datasets/${id}`, { as: member.key }), 200);
  const refresh = (id: string, as = member.key) => t.call('POST', `/api/datasets/${id}/refresh`, { as });
  const createSql = async (name: string, sql: string) =>
    expectJson(await t.call('POST', '/api/datasets', { as: member.key, body: { name, source: { type: 'postgres', url: reader.url, query: sql } } }), 201);
  const password = () => new URL(reader.url).password;
  /** Points a dataset's stored connection at another URL, as if its source had changed since. */
  const storeUrl = async (datasetId: string, url: string) => {
    const { rows: [stored] } = await t.database.pool.query(`SELECT source_details->>'connectionId' AS id FROM datasets WHERE id = $1`, [datasetId]);
    await t.database.pool.query('UPDATE source_connections SET encrypted_url = $1 WHERE id = $2', [encryptSecret(url, t.app.env.secret), stored.id]);
  };
  const datasetCount = async () => (await t.database.pool.query('SELECT count(*)::int AS n FROM datasets')).rows[0].n as number;

  it('snapshots the query again into a new dataset linked to the old one, which keeps its rows', async () => {
    const first = await createSql('orders', query);
    expect(csvOf(first.id).trim().split('\n')).toHaveLength(1 + 5);
    await source.pool.query(`INSERT INTO shop.orders VALUES (6, 'item 6', 15, '2026-01-07'), (7, 'item 7', 17.5, '2026-01-08')`);

    const before = Date.now();
    const refreshed = await expectJson(await refresh(first.id), 201);
    expect(refreshed).toEqual({ id: expect.any(String), status: 'profiling' });
    expect(refreshed.id).not.toBe(first.id);

    const lines = csvOf(refreshed.id).trim().split('\n');
    expect(lines).toHaveLength(1 + 7);
    expect(lines[7]).toBe('7,item 7,17.5,2026-01-08');
    expect(csvOf(first.id).trim().split('\n')).toHaveLength(1 + 5);

    const fresh = await detail(refreshed.id);
    const stamp = /^orders \(refreshed (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\)$/.exec(fresh.name);
    expect(stamp).not.toBeNull();
    expect(Date.parse(`${stamp![1].replace(' ', 'T')}:00Z`)).toBeGreaterThanOrEqual(Math.floor(before / 60_000) * 60_000);
    expect(fresh).toMatchObject({
      source: 'sql', status: 'profiling', format: 'csv',
      sourceDetails: { type: 'postgres', host: '127.0.0.1', database: source.name, query, rows: 7, truncated: false, rowCap: 50 },
      refreshedFrom: { id: first.id, name: 'orders' },
      refreshes: [],
    });
    expect(JSON.stringify(fresh)).not.toContain(password());
    const old = await detail(first.id);
    expect(old).toMatchObject({ name: 'orders', sourceDetails: { rows: 5 }, refreshedFrom: null, refreshes: [{ id: refreshed.id, name: fresh.name }] });
    expect((await t.app.queues.datasets.getJobs(['waiting'])).map((j) => j.data.datasetId)).toContain(refreshed.id);

    // A refresh of the refresh keeps the original name, with the new time.
    await source.pool.query(`INSERT INTO shop.orders VALUES (8, 'item 8', 20, '2026-01-09')`);
    const again = await expectJson(await refresh(refreshed.id), 201);
    expect((await detail(again.id)).name).toMatch(/^orders \(refreshed \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)$/);
    expect(csvOf(again.id).trim().split('\n')).toHaveLength(1 + 8);
  });

  it('keeps the row cap of the create flow', async () => {
    await source.pool.query(`INSERT INTO shop.orders SELECT i, 'bulk ' || i, 1, DATE '2026-02-01' FROM generate_series(100, 199) AS i`);
    const capped = await createSql('capped', 'SELECT * FROM shop.orders');
    const refreshed = await expectJson(await refresh(capped.id), 201);
    expect((await detail(refreshed.id)).sourceDetails).toMatchObject({ rows: 50, truncated: true, rowCap: 50 });
    await source.pool.query('DELETE FROM shop.orders WHERE id >= 100');
  });

  it('refuses a dataset that was uploaded, in words', async () => {
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'plain.csv');
    const uploaded = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, raw: form }), 201);
    const body = await expectJson(await refresh(uploaded.id), 409);
    expect(body.error).toEqual({
      code: 'conflict',
      message: "dataset 'plain.csv' was uploaded from a file, not taken from a SQL query, so there is no source to refresh it from; upload the newer data as a new dataset instead.",
    });
    await expectJson(await refresh('00000000-0000-4000-8000-000000000000'), 404);
  });

  it('is for members: a viewer is refused', async () => {
    const dataset = await createSql('for viewers', query);
    const body = await expectJson(await refresh(dataset.id, viewer.key), 403);
    expect(body.error.message).toBe('this needs the member role; you are a viewer.');
  });

  it('answers 400 in words when the source is unreachable, and creates nothing', async () => {
    const dataset = await createSql('moved away', query);
    // The source's server goes away: its stored URL now points at a port where nothing listens.
    await storeUrl(dataset.id, `postgresql://postgres:s3cret@127.0.0.1:${await freePort()}/${source.name}`);
    const datasets = await datasetCount();
    const body = await expectJson(await refresh(dataset.id), 400);
    expect(body.error.message).toMatch(/^cannot connect to the source database \(ECONNREFUSED: .*\); is the database running and reachable from the Overture server\?$/);
    expect(body.error.message).not.toContain('s3cret');
    expect(body.errors).toBeUndefined();
    expect(await datasetCount()).toBe(datasets);
  });

  it('checks the stored source again on every refresh, as the create flow does', async () => {
    const dataset = await createSql('rechecked', query);
    const own = new URL(t.database.url);
    own.hostname = '[::ffff:7f00:1]';
    const cases: [string, RegExp][] = [
      [source.url, /^the source's user 'postgres' is a superuser/],
      [own.toString(), /^this URL points at Overture's own database/],
      [`${reader.url}?host=127.0.0.1`, /^the connection URL option 'host' is not accepted/],
      [`${reader.url}?options=-c%20default_transaction_read_only%3Doff`, /^the connection URL option 'options' is not accepted/],
    ];
    const datasets = await datasetCount();
    for (const [url, message] of cases) {
      await storeUrl(dataset.id, url);
      const body = await expectJson(await refresh(dataset.id), 400);
      expect(body.error.message, url).toMatch(message);
      expect(body.error.message).not.toContain(password());
    }
    // A stored query that became a second statement is refused as well, and nothing is written.
    await storeUrl(dataset.id, reader.url);
    await t.database.pool.query(`UPDATE datasets SET source_details = jsonb_set(source_details, '{query}', to_jsonb($1::text)) WHERE id = $2`, ["SELECT 1; COMMIT; DELETE FROM shop.orders", dataset.id]);
    expect((await expectJson(await refresh(dataset.id), 400)).error.message).toBe("a snapshot runs exactly one statement; remove the ';' and what follows it.");
    expect((await source.pool.query('SELECT count(*)::int AS n FROM shop.orders')).rows[0].n).toBeGreaterThan(0);
    expect(await datasetCount()).toBe(datasets);
  });

  it('answers 400 in words when the query now returns no rows', async () => {
    const dataset = await createSql('to empty', 'SELECT * FROM shop.orders WHERE id > 5 ORDER BY id');
    await source.pool.query('DELETE FROM shop.orders WHERE id > 5');
    const body = await expectJson(await refresh(dataset.id), 400);
    expect(body.error).toEqual({ code: 'invalid_input', message: 'the query returned no rows: there is nothing to snapshot.' });
  });

  it('is in the OpenAPI document', async () => {
    const document = await expectJson(await t.call('GET', '/api/openapi.json'), 200);
    const operation = document.paths['/api/datasets/{id}/refresh'].post;
    expect(operation.summary).toMatch(/^Refresh a SQL dataset/);
    expect(Object.keys(operation.responses)).toContain('201');
  });
});
