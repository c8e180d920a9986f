import net from 'node:net';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { QueryLimits, QueryOutcome, QuerySink } from './query-runner';
import { toCell, withDeadline } from './query-runner';
import { connectAny } from './connect-any';
import { describeSourceError, readOnlyUserHelp, timeLimitError } from './source-errors';
import type { SourceLogin } from './source-url';
import { tlsOptions } from './tls-options';

const BATCH = 5000;

/** DATE and TIMESTAMP (without time zone) stay as the server writes them: as JS Dates they would shift with the web server's time zone. */
const asText = new Set([1082, 1114]);
const types = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (asText.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser };

/** Roles whose members read or write the server's files or run programs as its OS user (and superusers, who can all three). */
const serverPowers = ['pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program'];

/**
 * Connects to the checked address with options built here, never from a URL: the session starts
 * read-only with the server's statement time limit (startup `options`), so even a COMMIT inside
 * the query cannot leave read-only, and a `SET` cannot lift the limit for a later statement.
 */
async function connect({ source, password }: SourceLogin, address: string, limits: QueryLimits, tls: boolean): Promise<pg.Client> {
  const ms = Math.floor(limits.timeoutMs);
  const client = new pg.Client({
    // A function, even for no password: pg fills an empty one from PGPASSWORD or ~/.pgpass, the web's own credentials, and sends them to whatever server asks.
    host: address, port: source.port, user: source.user, password: () => password, database: source.database || source.user,
    ssl: tls ? tlsOptions(source.tls, source.host) ?? false : false,
    options: `-c default_transaction_read_only=on -c statement_timeout=${ms} -c lock_timeout=${ms} -c idle_in_transaction_session_timeout=${ms + 5000}`,
    connectionTimeoutMillis: 10_000, application_name: 'overture-snapshot', types,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await close(client);
    throw error;
  }
}


/** Refuses a role that can reach past the database: superuser, or a member of a server-files/program role. */
async function refusePowerfulRole(client: pg.Client, user: string): Promise<void> {
  const { rows: [role] } = await client.query<{ superuser: boolean; powers: string[] }>(
    `SELECT r.rolsuper AS superuser,
            ARRAY(SELECT g.rolname::text FROM pg_roles g WHERE g.rolname = ANY($1::text[]) AND pg_has_role(session_user, g.oid, 'MEMBER')) AS powers
       FROM pg_roles r WHERE r.rolname = session_user`,
    [serverPowers],
  );
  if (!role || (!role.superuser && role.powers.length === 0)) return;
  const what = role.superuser ? 'a superuser' : `a member of ${role.powers.join(', ')}`;
  throw readOnlyUserHelp('postgres', user, `is ${what}, who can read the server's files or run programs on it`);
}

/** One statement (extended protocol: the server refuses a second in a prepared statement) through a cursor, inside `BEGIN READ ONLY`, fetched in batches up to the cap. */
export async function runPostgresQuery(login: SourceLogin, query: string, limits: QueryLimits, sink: QuerySink): Promise<QueryOutcome> {
  const client = await connectAny(login.source, /does not support SSL/i, (address, tls) => connect(login, address, limits, tls));
  const kill = () => {
    cancelOnServer(client);
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  };
  try {
    return await withDeadline(limits.timeoutMs, kill, timeLimitError, async () => {
      const { rows: [{ server_version: serverVersion }] } = await client.query<{ server_version: string }>('SHOW server_version');
      await refusePowerfulRole(client, login.source.user);
      await client.query('BEGIN READ ONLY');
      const cursor = client.query(new Cursor(query, [], { rowMode: 'array', types }));
      const read = (n: number) => new Promise<{ rows: unknown[][]; fields: { name: string }[] }>((resolve, reject) => {
        cursor.read(n, (error, rows, result) => (error ? reject(error) : resolve({ rows: rows as unknown[][], fields: result.fields })));
      });
      let total = 0;
      let truncated = false;
      let headerSent = false;
      for (;;) {
        const want = Math.min(BATCH, limits.rowCap + 1 - total);
        const batch = await read(want);
        let { rows } = batch;
        if (!headerSent) {
          await sink.header(batch.fields.map((f) => f.name));
          headerSent = true;
        }
        const got = rows.length;
        if (total + rows.length > limits.rowCap) {
          rows = rows.slice(0, limits.rowCap - total);
          truncated = true;
        }
        if (rows.length > 0) await sink.rows(rows.map((r) => r.map(toCell)));
        total += rows.length;
        if (truncated || got < want) break;
      }
      await cursor.close();
      await client.query('ROLLBACK');
      return { rows: total, truncated, serverVersion };
    });
  } catch (error) {
    throw describeSourceError(error, 'query');
  } finally {
    await close(client);
  }
}

/**
 * Asks the server to cancel the running query (the protocol's CancelRequest, on a connection of its
 * own, as libpq's PQcancel does). Dropping the socket alone does not stop it: Postgres notices a
 * gone client only when it next writes, and the query may have switched statement_timeout off with
 * set_config in an earlier batch (the server re-reads it for each batch).
 */
function cancelOnServer(client: pg.Client): void {
  const { processID, secretKey, host, port } = client as unknown as { processID: number | null; secretKey: number | null; host: string; port: number };
  if (processID === null || secretKey === null || processID === undefined || secretKey === undefined) return;
  const request = Buffer.alloc(16);
  request.writeInt32BE(16, 0);
  request.writeInt32BE(80877102, 4);
  request.writeInt32BE(processID, 8);
  request.writeInt32BE(secretKey, 12);
  const socket = net.connect({ host, port }, () => socket.end(request));
  socket.setTimeout(5000, () => socket.destroy());
  socket.on('error', () => undefined);
}

/** Ends the session; one whose socket the deadline destroyed may never say it ended, so this waits a second at most. */
async function close(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.end().catch(() => undefined), new Promise((resolve) => { timer = setTimeout(resolve, 1000); })]);
  clearTimeout(timer);
}
