import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresReader, createTestDatabase, freePort, toyCsv } from '@overture/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { apiWithKey, json, newUser, platform, signIn, uploadCsv } from '../support/api';

const fixtureBundles = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/serving/src/test/fixtures/multi-task');

/** Sends raw bytes as an HTTP request and returns the status line (for bodies no client sends on purpose). */
function rawRequest(bytes: Buffer | string, endEarly = false): Promise<string> {
  const { port } = new URL(platform().baseURL);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(bytes);
      if (endEarly) socket.end();
    });
    let reply = '';
    socket.on('data', (d) => { reply += d.toString(); if (reply.includes('\r\n')) { resolve(reply.split('\r\n')[0]); socket.destroy(); } });
    socket.on('error', reject);
    socket.on('close', () => resolve(reply.split('\r\n')[0]));
  });
}

describe('bad input, at the HTTP boundary of a started platform', () => {
  it('refuses a wrong file type (400) and an oversized upload (413)', async () => {
    const member = await newUser('member');
    const wrong = await json(await member.api.post('/api/datasets', { multipart: { file: { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG') } } }), 400);
    expect(wrong.error.message).toMatch(/^'photo\.png' is not a data file we can read/);
    const big = Buffer.alloc(3 * 1024 * 1024, 'a,b\n');
    const tooBig = await json(await member.api.post('/api/datasets', { multipart: { file: { name: 'big.csv', mimeType: 'text/csv', buffer: big } } }), 413);
    expect(tooBig.error.code).toBe('too_large');
  });

  it('answers 400 to an upload whose body ends early', async () => {
    const member = await newUser('member');
    const boundary = 'XyZ';
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n`;
    const head = `POST /api/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${member.key}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = `${part.length.toString(16)}\r\n${part}\r\n0\r\n\r\n`;
    expect(await rawRequest(head + chunk)).toBe('HTTP/1.1 400 Bad Request');
  });

  it('fails the profile of a CSV with a broken row, naming the line', async () => {
    const member = await newUser('member');
    const dataset = await uploadCsv(member.api, 'a,b\n1,2\n3,"unclosed\n4,5\n', 'broken.csv');
    expect(dataset.status).toBe('failed');
    expect(dataset.error).toMatch(/line 3/);
  });

  it('answers 400 with line, column and suggestion for a config with an unknown key', async () => {
    const member = await newUser('member');
    const dataset = await uploadCsv(member.api, toyCsv(40));
    const config = 'input_features:\n  - {name: x1, type: number}\noutput_features:\n  - {name: label, type: binary}\ntrainer:\n  epocs: 3\n';
    const body = await json(await member.api.post('/api/models', { data: { name: 'typo', datasetId: dataset.id, config } }), 400);
    expect(body.errors).toEqual([{ path: 'trainer.epocs', message: "unknown key 'epocs' in trainer", suggestion: "did you mean 'epochs'?", line: 6, column: 3 }]);
  });

  it('answers 400 for SQL sources that are unreachable, return no rows, or are the platform database', async () => {
    const member = await newUser('member');
    const port = await freePort();
    const down = await json(await member.api.post('/api/datasets', { data: { name: 'down', source: { type: 'postgres', url: `postgresql://postgres@127.0.0.1:${port}/x`, query: 'SELECT 1' } } }), 400);
    expect(down.error.message).toMatch(/^cannot connect to the source database/);
    const source = await createTestDatabase('e2e_bad_source');
    await source.pool.query('CREATE TABLE t (id int)');
    await source.pool.query('INSERT INTO t VALUES (1), (2)');
    const reader = await createPostgresReader(source);
    try {
      const post = async (url: string, query: string) => (await json(await member.api.post('/api/datasets', { data: { name: 'x', source: { type: 'postgres', url, query } } }), 400)).error.message as string;
      expect(await post(reader.url, 'SELECT 1 AS x WHERE false')).toBe('the query returned no rows: there is nothing to snapshot.');
      // Only a read-only user: the machine's superuser is refused before any query runs.
      expect(await post(source.url, 'SELECT 1')).toMatch(/^the source's user 'postgres' is a superuser/);
      // One statement, read-only: nothing after the first runs.
      expect(await post(reader.url, 'SELECT 1; COMMIT; DELETE FROM t')).toBe("a snapshot runs exactly one statement; remove the ';' and what follows it.");
      expect(await post(reader.url, 'WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x')).toBe('only reading queries (SELECT) can be snapshotted.');
      expect((await source.pool.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(2);
      // Driver options never reach the driver.
      expect(await post(`${reader.url}?host=127.0.0.1`, 'SELECT 1')).toMatch(/^the connection URL option 'host' is not accepted/);
    } finally {
      await reader.drop();
      await source.drop();
    }
    for (const host of ['127.0.0.1', 'localhost', '[::ffff:7f00:1]', '0.0.0.0']) {
      const own = new URL(platform().databaseUrl);
      own.hostname = host;
      const body = await json(await member.api.post('/api/datasets', { data: { name: 'own', source: { type: 'postgres', url: own.toString(), query: 'SELECT * FROM users' } } }), 400);
      expect(body.error.message, host).toBe("this URL points at Overture's own database, which cannot be used as a data source.");
    }
  });

  it('answers 401 for an expired session and for a revoked API key', async () => {
    const member = await newUser('member');
    const browser = await signIn(member.email, member.password);
    const client = new pg.Client({ connectionString: platform().databaseUrl });
    await client.connect();
    await client.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [member.email]);
    await client.end();
    const expired = await json(await browser.get('/api/auth/me'), 401);
    expect(expired.error.message).toMatch(/session has expired/);
    const keys = await json(await member.api.get('/api/api-keys'), 200);
    await json(await member.api.delete(`/api/api-keys/${keys.apiKeys[0].id}`), 200);
    const revoked = await json(await member.api.get('/api/datasets'), 401);
    expect(revoked.error.message).toBe('this API key is not valid (unknown or revoked).');
  });

  it("forbids a viewer to train and a member to delete another member's model (403)", async () => {
    const owner = await newUser('member');
    const intruder = await newUser('member');
    const viewer = await newUser('viewer');
    const dataset = await uploadCsv(owner.api, toyCsv(40));
    const model = await json(await owner.api.post('/api/models', { data: { name: 'mine', datasetId: dataset.id, targets: ['label'] } }), 201);
    const train = await json(await viewer.api.post('/api/runs', { data: { versionId: model.versionId } }), 403);
    expect(train.error.message).toBe('this needs the member role; you are a viewer.');
    const remove = await json(await intruder.api.delete(`/api/models/${model.id}`), 403);
    expect(remove.error.message).toBe('only the model owner or an admin can delete it.');
    await json(await owner.api.get(`/api/models/${model.id}`), 200);
  });

  it('answers 413 to a 10 MB /predict body without reading it into memory', async () => {
    const admin = await apiWithKey(platform().bootstrapKey);
    const body = Buffer.alloc(10 * 1024 * 1024 + 1, ' ');
    const response = await admin.post('/predict', { headers: { 'content-type': 'application/json' }, data: body });
    expect(response.status()).toBe(413);
    expect((await response.json()).error.code).toBe('too_large');
  });

  it("answers the README's /predict/penguins example with a 404 naming the deployment, and malformed bodies with 400s, never a stack trace", async () => {
    const member = await newUser('member');
    const instance = { island: 'Biscoe', beak_length_mm: 45.1, beak_depth_mm: 14.5, flipper_length_mm: 215, body_mass_g: 5000, sex: 'FEMALE' };
    // What `curl -H 'content-type: application/json' -d '{"instances": […]}' localhost:3000/predict/penguins` sends before the deployment exists.
    const send = (path: string, body: string, type = 'application/json') => fetch(`${platform().baseURL}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${member.key}`, 'content-type': type }, body,
    });
    const hint = ': GET /api/deployments lists the deployments; POST /api/deployments creates one.';
    const expectations: [string, string, string, number, string | RegExp][] = [
      ['/predict/penguins', JSON.stringify({ instances: [instance] }), 'application/json', 404, `no deployment named 'penguins' (or you cannot see it)${hint}`],
      ['/predict', JSON.stringify({ model: 'penguins', instances: [instance] }), 'application/json', 404, `no deployment named 'penguins' (or you cannot see it)${hint}`],
      ['/predict?model=penguins', 'island,sex\nBiscoe,FEMALE\n', 'text/csv', 404, `no deployment named 'penguins' (or you cannot see it)${hint}`],
      ['/predict/penguins', '{"instances": [', 'application/json', 400, /^the body is not valid JSON/],
      ['/predict', JSON.stringify({ instances: [instance] }), 'application/json', 400, /^name the deployment/],
      ['/predict', JSON.stringify({ model: 'penguins', instances: [] }), 'application/json', 404, /^no deployment named 'penguins'/],
      ['/predict/penguins', 'instances=1', 'application/x-www-form-urlencoded', 415, /^Content-Type application\/x-www-form-urlencoded is not supported/],
    ];
    for (const [path, body, type, status, message] of expectations) {
      const response = await send(path, body, type);
      const text = await response.text();
      expect(`${path} ${response.status}`).toBe(`${path} ${status}`);
      const error = JSON.parse(text).error;
      expect(error.code).toBe({ 400: 'invalid_input', 404: 'not_found', 415: 'unsupported_media_type' }[status]);
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
      expect(text).not.toMatch(/\n\s+at |\.(ts|js):\d+/);
    }

    // A real deployment (the serving package's fixture bundle, imported as a user would): its errors cross from the serving engine too.
    const archive = path.join(mkdtempSync(path.join(tmpdir(), 'overture-e2e-bad-')), 'model.tar.gz');
    execFileSync('tar', ['czf', archive, '-C', fixtureBundles, 'model']);
    const imported = await json(await member.api.post('/api/models/import', { multipart: { file: { name: 'model.tar.gz', mimeType: 'application/gzip', buffer: readFileSync(archive) } } }), 201);
    const name = `bad-input-${Date.now()}`;
    await json(await member.api.post('/api/deployments', { data: { name, runId: imported.runId } }), 201);
    const malformed: [string, string, number, string | RegExp][] = [
      [JSON.stringify({ instances: [] }), 'application/json', 400, "'instances' is empty: send at least one row."],
      [JSON.stringify({ instances: null }), 'application/json', 400, `'instances' must be a list of rows ({"column": value, …}), got null.`],
      [JSON.stringify({ instances: [[0.8, -0.3]] }), 'application/json', 400, `'instances' must be a list of objects ({"column": value, …}): row 1 is a list.`],
      ['not json', 'application/json', 400, /^the body is not valid JSON/],
      ['', 'text/csv', 400, 'the CSV body: is empty: it has no header row and no data.'],
      ['x1,x2\n1,"2\n', 'text/csv', 400, /^the CSV body: row 2 has a quoted field that is not closed/],
      ['a,b\n1,2\n', 'text/csv', 400, "missing column 'x1' required by input feature 'x1'"],
    ];
    for (const [body, type, status, message] of malformed) {
      const response = await send(`/predict/${name}`, body, type);
      const text = await response.text();
      expect(`${body} ${response.status}`).toBe(`${body} ${status}`);
      const { error } = JSON.parse(text);
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
      expect(text).not.toMatch(/\n\s+at |\.(ts|js):\d+/);
    }
    await json(await member.api.delete(`/api/deployments/${name}`), 200);
  });

  it('answers the first login page and redirects the app to the login', async () => {
    const response = await fetch(`${platform().baseURL}/`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toMatch(/\/login$/);
    const login = await fetch(`${platform().baseURL}/login`);
    expect(await login.text()).toContain('Sign in to Overture');
  });
});
