import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { createPostgresReader, createTestDatabase, freePort, waitFor, type PostgresReader, type TestDatabase } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/server/crypto';
import { expectJson, startTestApp, type TestApp } from './harness';
import { createMariadbReader, MARIADB, type MariadbReader } from './mariadb-reader';

/**
 * A TCP relay to a real database server that stops passing the server's replies once the
 * client has sent `marker`: a network that stalls mid-query, which the server's own time limit
 * cannot end (its error never arrives), so only the client's deadline can.
 */
async function stallingRelay(port: number, marker: string) {
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    let stalled = false;
    client.on('data', (d) => { if (d.includes(marker)) stalled = true; upstream.write(d); });
    upstream.on('data', (d) => { if (!stalled) client.write(d); });
    const close = () => { client.destroy(); upstream.destroy(); };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('SQL sources: snapshot a query into the store', () => {
  let t: TestApp;
  let source: TestDatabase;
  let reader: PostgresReader;
  let mysqlReader: MariadbReader;
  let member: Awaited<ReturnType<TestApp['user']>>;
  const mysqlDb = `overture_src_${process.pid}`;
  beforeAll(async () => {
    t = await startTestApp('sources', { OVERTURE_SQL_ROW_CAP: '50', OVERTURE_SQL_TIMEOUT_MS: '500' });
    member = await t.user('member');
    source = await createTestDatabase('web_source');
    await source.pool.query(`CREATE TABLE customers (id int, plan text, spend numeric, joined date, churned boolean)`);
    await source.pool.query(`INSERT INTO customers SELECT i, CASE WHEN i % 3 = 0 THEN 'pro' ELSE 'free' END, i * 1.5, DATE '2024-01-01' + i, i % 4 = 0 FROM generate_series(1, 80) AS i`);
    reader = await createPostgresReader(source);
    const admin = await mysql.createConnection({ uri: MARIADB });
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${mysqlDb}`);
    await admin.query(`CREATE TABLE ${mysqlDb}.orders (id INT, item VARCHAR(20), price DECIMAL(8,2), at DATETIME)`);
    await admin.query(`INSERT INTO ${mysqlDb}.orders VALUES (1, 'tea', 3.50, '2024-02-01 10:00:00'), (2, 'cake, large', 12.00, '2024-02-02 11:30:00')`);
    await admin.end();
    mysqlReader = await createMariadbReader(mysqlDb);
  });
  afterAll(async () => {
    await mysqlReader.drop();
    const admin = await mysql.createConnection({ uri: MARIADB });
    await admin.query(`DROP DATABASE IF EXISTS ${mysqlDb}`);
    await admin.end();
    await reader.drop();
    await source.drop();
    await t.close();
  });

  const create = (body: unknown) => t.call('POST', '/api/datasets', { as: member.key, body });
  const refused = async (type: 'postgres' | 'mysql', url: string, query: string) => (await expectJson(await create({ name: 'x', source: { type, url, query } }), 400)).error.message as string;
  const customers = async () => (await source.pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE plan NOT IN ('free', 'pro'))::int AS changed FROM customers`)).rows[0];
  const orders = async () => {
    const admin = await mysql.createConnection({ uri: MARIADB });
    const [rows] = await admin.query(`SELECT COUNT(*) AS n, SUM(item NOT IN ('tea', 'cake, large')) AS changed FROM ${mysqlDb}.orders`).finally(() => admin.end());
    return (rows as { n: number; changed: string | null }[])[0];
  };

  it('snapshots a Postgres query as CSV, stores the credentials encrypted and never returns them', async () => {
    const password = new URL(reader.url).password;
    const created = await expectJson(await create({ name: 'customers', source: { type: 'postgres', url: reader.url, query: 'SELECT id, plan, spend, joined, churned FROM customers WHERE id <= 3 ORDER BY id;' } }), 201);
    expect(created.status).toBe('profiling');
    const csv = readFileSync(path.join(t.dataDir, 'datasets', `${created.id}.csv`), 'utf8');
    expect(csv).toBe('id,plan,spend,joined,churned\n1,free,1.5,2024-01-02,false\n2,free,3.0,2024-01-03,false\n3,pro,4.5,2024-01-04,false\n');
    const detailText = await (await t.call('GET', `/api/datasets/${created.id}`, { as: member.key })).text();
    expect(detailText).not.toContain(password);
    expect(JSON.parse(detailText).sourceDetails).toMatchObject({ type: 'postgres', host: '127.0.0.1', rows: 3, truncated: false });
    const { rows: [stored] } = await t.database.pool.query('SELECT encrypted_url FROM source_connections');
    expect(stored.encrypted_url).not.toContain(password);
    expect(decryptSecret(stored.encrypted_url, t.app.env.secret)).toBe(reader.url);
    expect((await t.app.queues.datasets.getJobs(['waiting'])).map((j) => j.data.datasetId)).toContain(created.id);
  });

  it('keeps at most the row cap and says it cut the result', async () => {
    const created = await expectJson(await create({ name: 'capped', source: { type: 'postgres', url: reader.url, query: 'SELECT * FROM customers' } }), 201);
    const detail = await expectJson(await t.call('GET', `/api/datasets/${created.id}`, { as: member.key }), 200);
    expect(detail.sourceDetails).toMatchObject({ rows: 50, truncated: true, rowCap: 50 });
  });

  it('snapshots a MariaDB query', async () => {
    const created = await expectJson(await create({ name: 'orders', source: { type: 'mysql', url: mysqlReader.url, query: 'SELECT id, item, price, at FROM orders ORDER BY id' } }), 201);
    const csv = readFileSync(path.join(t.dataDir, 'datasets', `${created.id}.csv`), 'utf8');
    expect(csv.split('\n')[0]).toBe('id,item,price,at');
    expect(csv.split('\n')[2]).toBe('2,"cake, large",12.00,2024-02-02 11:30:00');
  });

  it('answers 400 when the query returns no rows, is not read-only, or runs too long', async () => {
    expect(await refused('postgres', reader.url, 'SELECT * FROM customers WHERE id < 0')).toBe('the query returned no rows: there is nothing to snapshot.');
    expect(await refused('postgres', reader.url, 'DELETE FROM customers')).toBe("a snapshot runs one reading query (SELECT, WITH … SELECT, VALUES or TABLE); this one starts with 'delete'.");
    expect(await refused('postgres', reader.url, 'SELECT pg_sleep(3)')).toBe('the query ran longer than the time limit (OVERTURE_SQL_TIMEOUT_MS); narrow it down.');
    expect(await refused('mysql', mysqlReader.url, 'SELECT SLEEP(3)')).toBe('the query ran longer than the time limit (OVERTURE_SQL_TIMEOUT_MS); narrow it down.');
    expect(await customers()).toEqual({ n: 80, changed: 0 });
  });

  it('runs exactly one statement: a second one, however hidden, never runs (Postgres)', async () => {
    const attempts = [
      "SELECT 1; COMMIT; UPDATE customers SET plan = 'hacked'",
      'SELECT 1; DROP TABLE customers',
      "SELECT 1 /* ; */; DELETE FROM customers",
      "SELECT ';' AS x; DELETE FROM customers; --",
      "SELECT $$;$$ AS x;\nCOMMIT;\nUPDATE customers SET plan = 'hacked';",
      "(SELECT 1); SET default_transaction_read_only = off; UPDATE customers SET plan = 'hacked'",
    ];
    for (const query of attempts) expect(await refused('postgres', reader.url, query), query).toBe("a snapshot runs exactly one statement; remove the ';' and what follows it.");
    expect(await customers()).toEqual({ n: 80, changed: 0 });
  });

  it('runs exactly one statement: a second one, however hidden, never runs (MariaDB)', async () => {
    const attempts = [
      "SELECT 1; COMMIT; UPDATE orders SET item = 'hacked'",
      'SELECT 1; DROP TABLE orders',
      "SELECT 1 /* ; */; DELETE FROM orders",
      "SELECT ';' AS x; DELETE FROM orders; -- ",
      "SELECT 1; SET SESSION max_statement_time = 0; UPDATE orders SET item = 'hacked'",
    ];
    for (const query of attempts) expect(await refused('mysql', mysqlReader.url, query), query).toMatch(/^the query failed: You have an error in your SQL syntax/);
    expect(await refused('mysql', mysqlReader.url, "/*!50000 DELETE FROM orders */")).toMatch(/this one starts with '\/\*!'/);
    expect(await orders()).toEqual({ n: 2, changed: '0' });
  });

  it('cannot write, reach server files or run programs, in any single statement', async () => {
    const pgAttempts: [string, RegExp][] = [
      ["WITH x AS (UPDATE customers SET plan = 'hacked' RETURNING *) SELECT * FROM x", /^only reading queries \(SELECT\) can be snapshotted\.$/],
      ["SELECT set_config('transaction_read_only', 'off', true), count(*) FROM customers", /^the query failed: transaction read-write mode must be set before any query$/],
      ["SELECT pg_read_file('/etc/passwd')", /^the query failed: permission denied for function pg_read_file$/],
      ["SELECT pg_ls_dir('/')", /^the query failed: permission denied for function pg_ls_dir$/],
      ["SELECT lo_import('/etc/passwd')", /^the query failed: .*(read-only|permission denied)/],
      ["COPY customers TO PROGRAM 'touch /tmp/overture-pwned'", /this one starts with 'copy'/],
      ['/* x */ COPY (SELECT 1) TO STDOUT', /this one starts with 'copy'/],
      ["COMMIT", /this one starts with 'commit'/],
      ["SET default_transaction_read_only = off", /this one starts with 'set'/],
    ];
    for (const [query, message] of pgAttempts) expect(await refused('postgres', reader.url, query), query).toMatch(message);
    expect(await customers()).toEqual({ n: 80, changed: 0 });
    expect(await refused('mysql', mysqlReader.url, "SELECT * FROM orders INTO OUTFILE '/tmp/overture-pwned'")).toMatch(/^the query failed: Access denied/);
    expect(await refused('mysql', mysqlReader.url, "WITH x AS (SELECT 1) UPDATE orders SET item = 'hacked'")).toMatch(/^the query failed: /);
    // Without FILE, LOAD_FILE reads nothing: NULL.
    const load = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'mysql', url: mysqlReader.url, query: "SELECT LOAD_FILE('/etc/passwd') AS f" } }), 200);
    expect(load.rows).toEqual([[null]]);
    expect(await orders()).toEqual({ n: 2, changed: '0' });
  });

  it('reads the first keyword past comments as each server does, so no comment hides a COPY, a SET or a time limit lifted', async () => {
    const pgAttempts = [
      ['/* /* */ SELECT */ COPY (SELECT 1) TO STDOUT', 'copy'],
      ["/* /* */ SELECT */ COPY customers TO PROGRAM 'id'", 'copy'],
      ['/* a /* b /* c */ */ SELECT */ COMMIT', 'commit'],
      ['/**/ /* /* */ */ SET default_transaction_read_only = off', 'set'],
    ];
    for (const [query, keyword] of pgAttempts) expect(await refused('postgres', reader.url, query), query).toBe(`a snapshot runs one reading query (SELECT, WITH … SELECT, VALUES or TABLE); this one starts with '${keyword}'.`);
    const myAttempts = ['/*M!100000 SET STATEMENT max_statement_time=0 FOR */ SELECT SLEEP(3)', "/*M! INSERT INTO orders */ SELECT 9, 'hacked', 0, NOW()", '/* x */ /*!SET STATEMENT max_statement_time=0 FOR */ SELECT SLEEP(3)'];
    for (const query of myAttempts) expect(await refused('mysql', mysqlReader.url, query), query).toMatch(/^a snapshot runs one reading query \(SELECT, WITH … SELECT, VALUES or TABLE\); this one starts with '\/\*M?!'\.$/);
    expect(await customers()).toEqual({ n: 80, changed: 0 });
    expect(await orders()).toEqual({ n: 2, changed: '0' });
  });

  it('runs the query in a read-only session with the server-side time limit', async () => {
    const pgSession = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'postgres', url: reader.url, query: "SELECT current_setting('statement_timeout') AS t, current_setting('default_transaction_read_only') AS d, current_setting('transaction_read_only') AS r" } }), 200);
    expect(pgSession.rows).toEqual([['500ms', 'on', 'on']]);
    const mySession = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'mysql', url: mysqlReader.url, query: 'SELECT @@max_statement_time AS t, @@session.tx_read_only AS r' } }), 200);
    expect(mySession.rows).toEqual([[0.5, '1']]);
  });

  it('drops the connection itself when the server does not answer within the time limit', async () => {
    for (const [type, port, url] of [['postgres', 5432, reader.url], ['mysql', 3306, mysqlReader.url]] as const) {
      const relay = await stallingRelay(port, 'overture-stall');
      try {
        const through = new URL(url);
        through.port = String(relay.port);
        const started = Date.now();
        const query = type === 'postgres' ? "SELECT 'overture-stall', pg_sleep(30)" : "SELECT 'overture-stall', SLEEP(30)";
        expect(await refused(type, through.toString(), query), type).toBe('the query ran longer than the time limit (OVERTURE_SQL_TIMEOUT_MS); narrow it down.');
        expect(Date.now() - started, type).toBeLessThan(5000);
      } finally {
        await relay.close();
      }
    }
  });

  it("refuses a superuser, a member of the server-file roles, and MariaDB users who can write or read files", async () => {
    const superuser = await refused('postgres', source.url, 'SELECT 1');
    expect(superuser).toMatch(/^the source's user 'postgres' is a superuser, who can read the server's files or run programs on it; give the source a read-only user instead, e.g. CREATE ROLE overture_reader LOGIN/);
    const files = await createPostgresReader(source);
    try {
      await source.pool.query(`GRANT pg_read_server_files TO ${files.role}`);
      expect(await refused('postgres', files.url, 'SELECT 1')).toMatch(/is a member of pg_read_server_files/);
      await source.pool.query(`REVOKE pg_read_server_files FROM ${files.role}`);
      await source.pool.query(`GRANT pg_execute_server_program TO ${files.role}`);
      expect(await refused('postgres', files.url, "COPY customers TO PROGRAM 'id'")).toMatch(/this one starts with 'copy'/);
      expect(await refused('postgres', files.url, 'SELECT 1')).toMatch(/is a member of pg_execute_server_program/);
    } finally {
      await files.drop();
    }
    expect(await refused('mysql', `${MARIADB}/${mysqlDb}`, 'SELECT 1')).toMatch(/^the source's user 'root' holds ALL PRIVILEGES, .*GRANT SELECT ON <db>\.\* TO 'overture_reader'/);
    const cases: [string, string | undefined, RegExp][] = [['SELECT', 'FILE', /holds FILE/], ['SELECT', 'SUPER', /holds SUPER/], ['SELECT, INSERT', undefined, /holds INSERT/], ['ALL PRIVILEGES', undefined, /holds ALL PRIVILEGES/], ['SELECT', 'UPDATE', /holds UPDATE/]];
    for (const [onDb, global, message] of cases) {
      const user = await createMariadbReader(mysqlDb, onDb, global);
      try {
        expect(await refused('mysql', user.url, 'SELECT 1'), `${onDb} / ${global}`).toMatch(message);
      } finally {
        await user.drop();
      }
    }
  });

  it('takes the TLS mode from sslmode / ssl-mode: prefer falls back to plain, require does not', async () => {
    const probe = (type: 'postgres' | 'mysql', url: string) => t.call('POST', '/api/sources/test', { as: member.key, body: { type, url } });
    for (const mode of ['disable', 'prefer']) await expectJson(await probe('postgres', `${reader.url}?sslmode=${mode}`), 200);
    for (const mode of ['DISABLED', 'PREFERRED']) await expectJson(await probe('mysql', `${mysqlReader.url}?ssl-mode=${mode}`), 200);
    // The machine's servers have no TLS: asked for, it is not quietly dropped.
    expect((await expectJson(await probe('postgres', `${reader.url}?sslmode=require`), 400)).error.message).toMatch(/^cannot connect to the source database \(The server does not support SSL connections\)/);
    expect((await expectJson(await probe('mysql', `${mysqlReader.url}?ssl-mode=VERIFY_IDENTITY`), 400)).error.message).toMatch(/^cannot connect to the source database \(.*does not support secure connection/);
  });

  it('answers 400 when the source is unreachable', async () => {
    const port = await freePort();
    const body = await expectJson(await create({ name: 'down', source: { type: 'postgres', url: `postgresql://postgres@127.0.0.1:${port}/x`, query: 'SELECT 1' } }), 400);
    expect(body.error.message).toMatch(/^cannot connect to the source database \(ECONNREFUSED/);
    const test = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'mysql', url: `mysql://root@127.0.0.1:${port}/x` } }), 400);
    expect(test.error.message).toMatch(/^cannot connect to the source database/);
  });

  it("refuses the platform's own database and Redis, however the host is spelt", async () => {
    const own = new URL(t.database.url);
    for (const host of ['localhost', 'LOCALHOST.', '127.0.0.2', '0.0.0.0', '[::1]', '[::]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '0x7f.1', '2130706433']) {
      own.hostname = host;
      expect(await refused('postgres', own.toString(), 'SELECT * FROM users'), host).toBe("this URL points at Overture's own database, which cannot be used as a data source.");
    }
    // A NUL ends the name the driver sends; what follows would be read as more startup settings.
    own.hostname = '127.0.0.1';
    for (const [part, value] of [['pathname', `${own.pathname}%00application_name%00x`], ['pathname', `${own.pathname}%00x`], ['username', `${own.username}%00database%00x`]] as const) {
      const spelt = new URL(own);
      spelt[part] = value;
      expect(await refused('postgres', spelt.toString(), 'SELECT * FROM users'), value).toMatch(/^the (database name|user) in the connection URL has a control character/);
    }
    expect(await refused('mysql', 'mysql://u@[::ffff:7f00:1]:6379/x', 'SELECT 1')).toBe("this URL points at Overture's own Redis, which cannot be used as a data source.");
    expect(await refused('mysql', 'mysql://u@localhost:5432/x', 'SELECT 1')).toBe("this URL points at Overture's own database server, which cannot be used as a data source.");
  });

  it('refuses driver options in the URL that would override the checked host or the read-only session', async () => {
    const options = ['host=127.0.0.1', `port=${new URL(t.database.url).port || 5432}`, 'options=-c%20default_transaction_read_only%3Doff', 'sslrootcert=/etc/passwd', 'sslkey=/etc/passwd', 'application_name=x'];
    for (const option of options) {
      expect(await refused('postgres', `postgres://u:pw@db.invalid/overture?${option}`, 'SELECT 1'), option).toMatch(new RegExp(`^the connection URL option '${option.split('=')[0]}' is not accepted`));
    }
    for (const option of ['socketPath=/run/mysqld/mysqld.sock', 'debug=true', 'multipleStatements=true', 'host=127.0.0.1', 'ssl-ca=/etc/passwd']) {
      expect(await refused('mysql', `${mysqlReader.url}?${option}`, 'SELECT 1'), option).toMatch(new RegExp(`^the connection URL option '${option.split('=')[0]}' is not accepted`));
    }
    expect(await refused('postgres', 'postgres://u:pw@%2Fvar%2Frun%2Fpostgresql/overture', 'SELECT 1')).toMatch(/names a Unix socket/);
  });

  it('refuses control characters in the user, password and database, which would smuggle in startup settings', async () => {
    const url = new URL(reader.url);
    const variants: [keyof URL & ('pathname' | 'username' | 'password'), string][] = [
      ['pathname', `${url.pathname}%00default_transaction_read_only%00off`],
      ['pathname', `${url.pathname}%00statement_timeout%000`],
      ['pathname', `${url.pathname}%0A`],
      ['username', `${url.username}%00options%00-c%20default_transaction_read_only=off`],
      ['password', 'pw%00x'],
    ];
    for (const [part, value] of variants) {
      const spelt = new URL(url);
      spelt[part] = value;
      for (const query of ["SELECT current_setting('default_transaction_read_only') AS d, current_setting('statement_timeout') AS t"]) {
        const body = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'postgres', url: spelt.toString(), query } }), 400);
        expect(body.error.message, value).toMatch(/^the (database name|user|password) in the connection URL has a control character \(such as %00\); write it as plain text\.$/);
      }
    }
    const spelt = new URL(mysqlReader.url);
    spelt.pathname = `${spelt.pathname}%00x`;
    expect(await refused('mysql', spelt.toString(), 'SELECT 1')).toMatch(/^the database name in the connection URL has a control character/);
  });

  it("never answers a source's password request with the web process's own Postgres credentials (PGPASSWORD, ~/.pgpass)", async () => {
    // A server that asks for the password in clear text and writes down what it gets.
    const heard: string[] = [];
    const server = net.createServer((socket) => {
      let buffer = Buffer.alloc(0);
      socket.on('error', () => undefined);
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          if (buffer.length >= 8 && buffer.readInt32BE(0) === 8 && buffer.readInt32BE(4) === 80877103) { socket.write('N'); buffer = buffer.subarray(8); continue; } // SSLRequest: no TLS here
          if (buffer.length >= 8 && buffer.readInt32BE(4) === 196608 && buffer.length >= buffer.readInt32BE(0)) { // StartupMessage: ask for a clear-text password
            buffer = buffer.subarray(buffer.readInt32BE(0));
            socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
            continue;
          }
          if (buffer.length >= 5 && buffer[0] === 0x70 && buffer.length >= 1 + buffer.readInt32BE(1)) { // PasswordMessage
            heard.push(buffer.subarray(5, 1 + buffer.readInt32BE(1) - 1).toString());
            socket.destroy();
          }
          break;
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const saved = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE };
    const passfile = path.join(t.dataDir, 'pgpass');
    writeFileSync(passfile, '*:*:*:*:secret-from-pgpass\n', { mode: 0o600 });
    try {
      for (const env of [{ PGPASSWORD: 'secret-from-env' }, { PGPASSFILE: passfile }]) {
        delete process.env.PGPASSWORD;
        delete process.env.PGPASSFILE;
        Object.assign(process.env, env);
        for (const url of [`postgres://reader@127.0.0.1:${port}/x`, `postgres://reader:@127.0.0.1:${port}/x?sslmode=disable`]) {
          await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'postgres', url } }), 400);
        }
      }
      expect(heard.join(' ')).not.toMatch(/secret-from/);
    } finally {
      for (const [name, value] of Object.entries(saved)) { if (value === undefined) delete process.env[name]; else process.env[name] = value; }
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('tests a connection and shows the first rows', async () => {
    const result = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type: 'postgres', url: reader.url, query: 'SELECT id, plan FROM customers ORDER BY id LIMIT 2' } }), 200);
    expect(result).toMatchObject({ ok: true, host: '127.0.0.1', columns: ['id', 'plan'], rows: [[1, 'free'], [2, 'free']] });
  });
});

describe('SQL sources on private hosts', () => {
  let t: TestApp;
  let listener: net.Server;
  let port: number;
  let connections = 0;
  beforeAll(async () => {
    t = await startTestApp('sources_private', { OVERTURE_ALLOW_PRIVATE_SOURCES: 'false' });
    listener = net.createServer((socket) => { connections++; socket.destroy(); });
    await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
    port = (listener.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    await t.close();
  });

  it('are refused unless OVERTURE_ALLOW_PRIVATE_SOURCES is true', async () => {
    const member = await t.user('member');
    const body = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, body: { name: 'x', source: { type: 'mysql', url: 'mysql://root@10.1.2.3:3306/db', query: 'SELECT 1' } } }), 400);
    expect(body.error.message).toBe("the host '10.1.2.3' is on a private or loopback network; an admin can allow such sources with OVERTURE_ALLOW_PRIVATE_SOURCES=true.");
  });

  it('are refused in every spelling of loopback, without connecting', async () => {
    const member = await t.user('member');
    const hosts = ['127.0.0.1', 'localhost', 'LOCALHOST.', '127.1', '0x7f.1', '2130706433', '0177.0.0.1', '0', '0.0.0.0', '[::1]', '[::]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::127.0.0.1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::]'];
    for (const host of hosts) {
      for (const type of ['postgres', 'mysql'] as const) {
        const body = await expectJson(await t.call('POST', '/api/sources/test', { as: member.key, body: { type, url: `${type}://u:p@${host}:${port}/db`, query: 'SELECT 1' } }), 400);
        expect(body.error.message, `${type} ${host}`).toMatch(/is on a private or loopback network/);
      }
    }
    expect(connections).toBe(0);
  });
});

describe('SQL sources past their time limit', () => {
  let t: TestApp;
  let source: TestDatabase;
  let reader: PostgresReader;
  beforeAll(async () => {
    // The default row cap, so results are read in several batches (each its own Execute on the server).
    t = await startTestApp('sources_deadline', { OVERTURE_SQL_TIMEOUT_MS: '500' });
    source = await createTestDatabase('web_source_deadline');
    reader = await createPostgresReader(source);
  });
  afterAll(async () => {
    await reader.drop();
    await source.drop();
    await t.close();
  });

  it('are cancelled on the server at the deadline, even when the query lifted its own statement_timeout mid-result', async () => {
    const member = await t.user('member');
    // The first batch sets statement_timeout; the server re-reads it for the next batch, so only the client's deadline is left.
    const lifted = (value: string) => `SELECT CASE WHEN i = 1 THEN set_config('statement_timeout', '${value}', false) WHEN i = 5001 THEN pg_sleep(20)::text END AS x FROM generate_series(1, 5001) AS i`;
    const running = async () => (await source.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND state = 'active'`, [reader.role])).rows[0].n;
    for (const query of [lifted('0'), lifted('1h'), 'SELECT pg_sleep(20)']) {
      const body = await expectJson(await t.call('POST', '/api/datasets', { as: member.key, body: { name: 'slow', source: { type: 'postgres', url: reader.url, query } } }), 400);
      expect(body.error.message, query).toBe('the query ran longer than the time limit (OVERTURE_SQL_TIMEOUT_MS); narrow it down.');
      await waitFor('the query to end on the source', async () => (await running()) === 0, 3000).catch(() => undefined);
      expect(await running(), `${query}: still running on the source`).toBe(0);
    }
  });
});
