import { readFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { createTestDatabase, freePort, type TestDatabase } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/server/crypto';
import { expectJson, startTestApp, type TestApp } from './harness';

const MARIADB = 'mysql://root@127.0.0.1:3306';

describe('SQL sources: snapshot a query into the store', () => {
  let t: TestApp;
  let source: TestDatabase;
  let member: Awaited<ReturnType<TestApp['user']>>;
  const mysqlDb = `overture_src_${process.pid}`;
  beforeAll(async () => {
    t = await startTestApp('sources', { OVERTURE_SQL_ROW_CAP: '50', OVERTURE_SQL_TIMEOUT_MS: '500' });
    member = await t.user('member');
    source = await createTestDatabase('web_source');
    await source.pool.query(`CREATE TABLE customers (id int, plan text, spend numeric, joined date, churned boolean)`);
    await source.pool.query(`INSERT INTO customers SELECT i, CASE WHEN i % 3 = 0 THEN 'pro' ELSE 'free' END, i * 1.5, DATE '2024-01-01' + i, i % 4 = 0 FROM generate_series(1, 80) AS i`);
    const admin = await mysql.createConnection({ uri: MARIADB });
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${mysqlDb}`);
    await admin.query(`CREATE TABLE ${mysqlDb}.orders (id INT, item VARCHAR(20), price DECIMAL(8,2), at DATETIME)`);
    await admin.query(`INSERT INTO ${mysqlDb}.orders VALUES (1, 'tea', 3.50, '2024-02-01 10:00:00'), (2, 'cake, large', 12.00, '2024-02-02 11:30:00')`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = await mysql.createConnection({ uri: MARIADB });
    await admin.query(`DROP DATABASE IF EXISTS ${mysqlDb}`);
    await admin.end();
    await source.drop();
    await t.close();
  });

  const create = (body: unknown) => t.call('POST', '/api/datasets', { as: member.key, body });

  it('snapshots a Postgres query as CSV, stores the credentials encrypted and never returns them', async () => {
    const url = source.url.replace('postgres@', 'postgres:s3cret@');
    const created = await expectJson(await create({ name: 'customers', source: { type: 'postgres', url, query: 'SELECT id, plan, spend, joined, churned FROM customers WHERE id <= 3 ORDER BY id;' } }), 201);
    expect(created.status).toBe('profiling');
    const csv = readFileSync(path.join(t.dataDir, 'datasets', `${created.id}.csv`), 'utf8');
    expect(csv).toBe('id,plan,spend,joined,churned\n1,free,1.5,2024-01-02,false\n2,free,3.0,2024-01-03,false\n3,pro,4.5,2024-01-04,false\n');
    const detailText = await (await t.call('GET', `/api/datasets/${created.id}`, { as: member.key })).text();
    expect(detailText).not.toContain('s3cret');
    expect(JSON.parse(detailText).sourceDetails).toMatchObject({ type: 'postgres', host: '127.0.0.1', rows: 3, truncated: false });
    const { rows: [stored] } = await t.database.pool.query('SELECT encrypted_url FROM source_connections');
    expect(stored.encrypted_url).not.toContain('s3cret');
    expect(decryptSecret(stored.encrypted_url, t.app.env.secret)).toBe(url);
    expect((await t.app.queues.datasets.getJobs(['waiting'])).map((j) => j.data.datasetId)).toContain(created.id);
  });

  it('keeps at most the row cap and says it cut the result', async () => {
    const created = await expectJson(await create({ name: 'capped', source: { type: 'postgres', url: source.url, query: 'SELECT * FROM customers' } }), 201);
    const detail = await expectJson(await t.call('GET', `/api/datasets/${created.id}`, { as: member.key }), 200);
    expect(detail.sourceDetails).toMatchObject({ rows: 50, truncated: true, rowCap: 50 });
  });

  it('snapshots a MariaDB query', async () => {
    const created = await expectJson(await create({ name: 'orders', source: { type: 'mysql', url: `${MARIADB}/${mysqlDb}`, query: 'SELECT id, item, price, at FROM orders ORDER BY id' } }), 201);
    const csv = readFileSync(path.join(t.dataDir, 'datasets', `${created.id}.csv`), 'utf8');
    expect(csv.split('\n')[0]).toBe('id,item,price,at');
    expect(csv.split('\n')[2]).toBe('2,"cake, large",12.00,2024-02-02 11:30:00');
  });

  it('answers 400 when the query returns no rows, is not read-only, or runs too long', async () => {
    const none = await expectJson(await create({ name: 'empty', source: { type: 'postgres', url: source.url, query: 'SELECT * FROM customers WHERE id < 0' } }), 400);
    expect(none.error.message).toBe('the query returned no rows: there is nothing to snapshot.');
    const write = await expectJson(await create({ name: 'w', source: { type: 'postgres', url: source.url, query: 'DELETE FROM customers' } }), 400);
    expect(write.error.message).toMatch(/^the query failed: syntax error/);
    const slow = await expectJson(await create({ name: 'slow', source: { type: 'postgres', url: source.url, query: 'SELECT pg_sleep(3)' } }), 400);
    expect(slow.error.message).toBe('the query ran longer than the time limit (OVERTURE_SQL_TIMEOUT_MS); narrow it down.');
    expect((await source.pool.query('SELECT count(*)::int AS n FROM customers')).rows[0].n).toBe(80);
  });

  it('answers 400 when the source is unreachable', async () => {
    const port = await freePort();
    const body = await expectJson(await create({ name: 'down', source: { type: 'postgres', url: `postgresql://postgres@127.0.0.1:${port}/x`, query: 'SELECT 1' } }), 400);
    expect(body.error.message).toMatch(/^cannot connect to the source database \(ECONNREFUSED/);
    const test = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'mysql', url: `mysql://root@127.0.0.1:${port}/x` } }), 400);
    expect(test.error.message).toMatch(/^cannot connect to the source database/);
  });

  it("refuses the platform's own database, however the host is spelt", async () => {
    const own = new URL(t.database.url);
    own.hostname = 'localhost';
    const body = await expectJson(await create({ name: 'own', source: { type: 'postgres', url: own.toString(), query: 'SELECT * FROM users' } }), 400);
    expect(body.error.message).toBe("this URL points at Overture's own database, which cannot be used as a data source.");
  });

  it('tests a connection and shows the first rows', async () => {
    const result = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'postgres', url: source.url, query: 'SELECT id, plan FROM customers ORDER BY id LIMIT 2' } }), 200);
    expect(result).toMatchObject({ ok: true, host: '127.0.0.1', columns: ['id', 'plan'], rows: [[1, 'free'], [2, 'free']] });
  });
});

describe('SQL sources on private hosts', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('sources_private', { OVERTURE_ALLOW_PRIVATE_SOURCES: 'false' }); });
  afterAll(async () => { await t.close(); });

  it('are refused unless OVERTURE_ALLOW_PRIVATE_SOURCES is true', async () => {
    const member = await t.user('member');
    const body = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, body: { name: 'x', source: { type: 'mysql', url: 'mysql://root@10.1.2.3:3306/db', query: 'SELECT 1' } } }), 400);
    expect(body.error.message).toBe("the host '10.1.2.3' is on a private or loopback network; an admin can allow such sources with OVERTURE_ALLOW_PRIVATE_SOURCES=true.");
  });
});
