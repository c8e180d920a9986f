import net from 'node:net';
import mysql from 'mysql2';
import type { QueryLimits, QueryOutcome, QuerySink } from './query-runner';
import { toCell, withDeadline } from './query-runner';
import { connectAny } from './connect-any';
import { describeSourceError, readOnlyUserHelp, timeLimitError } from './source-errors';
import type { SourceLogin } from './source-url';
import { tlsOptions } from './tls-options';

/**
 * Connection options built here, never from a URL: the socket goes to the checked address (the
 * `stream` factory; `host` stays the name as written, for TLS), one statement per query
 * (MULTI_STATEMENTS off) and no LOCAL INFILE (a server could ask for any of our files).
 */
function connect({ source, password }: SourceLogin, address: string, tls: boolean): Promise<mysql.Connection> {
  const options = tls ? tlsOptions(source.tls, source.host) : null;
  const connection = mysql.createConnection({
    host: source.host, port: source.port, user: source.user, password, database: source.database || undefined,
    stream: () => net.connect({ host: address, port: source.port }),
    ssl: options ? { rejectUnauthorized: options.rejectUnauthorized, verifyIdentity: source.tls === 'verify-full' } : undefined,
    multipleStatements: false, flags: ['-MULTI_STATEMENTS', '-LOCAL_FILES'],
    connectTimeout: 10_000, dateStrings: ['DATE', 'DATETIME'], supportBigNumbers: true, bigNumberStrings: true,
  });
  connection.on('error', () => undefined);
  return connection.promise().connect().then(() => connection, (error: unknown) => { connection.destroy(); throw error; });
}


/** Privileges that write (on the chosen database or everywhere). */
const writes = ['ALL', 'ALL PRIVILEGES', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'TRIGGER', 'CREATE VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE', 'EVENT', 'DELETE HISTORY'];
/** Global privileges that reach past the database: the server's files (INTO OUTFILE, LOAD_FILE), its settings and other sessions. */
const beyond = ['FILE', 'SUPER'];

/** A grant's database pattern (`%` and `_` are wildcards, `\_` is a literal) as a test of a database name. */
export function grantCovers(pattern: string, database: string): boolean {
  if (pattern === '*') return true;
  const regex = pattern.replace(/\\(.)|([%_])|([^\\%_]+)/g, (_, escaped: string, wild: string, plain: string) =>
    escaped ? escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : wild ? (wild === '%' ? '.*' : '.') : plain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${regex}$`, 'i').test(database);
}

/**
 * Refuses a user holding FILE or SUPER, or a write privilege on the chosen database, from its
 * `SHOW GRANTS` (MariaDB includes the grants of the role in use).
 */
async function refusePowerfulUser(connection: mysql.Connection, user: string, database: string): Promise<void> {
  const [rows] = await connection.promise().query({ sql: 'SHOW GRANTS', rowsAsArray: true }) as unknown as [string[][]];
  const found = new Set<string>();
  for (const [line] of rows) {
    const grant = /^GRANT (.+?) ON (\*|`(?:[^`]|``)*`)\.(\S+) TO /i.exec(String(line));
    if (!grant) continue; // a role granted: its privileges are listed in lines of their own
    const privileges = grant[1].replace(/\([^)]*\)/g, '').split(',').map((p) => p.trim().toUpperCase());
    const db = grant[2].replace(/^`|`$/g, '').replace(/``/g, '`');
    const global = db === '*';
    for (const p of privileges) {
      if (global && (beyond.includes(p) || p.startsWith('ALL'))) found.add(p.startsWith('ALL') ? 'ALL PRIVILEGES' : p);
      else if (writes.includes(p) && (global || grantCovers(db, database))) found.add(p.startsWith('ALL') ? 'ALL PRIVILEGES' : p);
    }
  }
  if (found.size > 0) throw readOnlyUserHelp('mysql', user, `holds ${[...found].join(', ')}, so a query could write or read the server's files`);
}

/**
 * MySQL/MariaDB: one prepared statement (`execute`, which cannot carry a second) in a READ ONLY
 * transaction of a session whose transactions are all read-only, with the server's statement
 * time limit (MariaDB: max_statement_time in seconds; MySQL: MAX_EXECUTION_TIME in ms) and the
 * client's deadline; rows streamed and the stream abandoned at the cap.
 */
export async function runMysqlQuery(login: SourceLogin, query: string, limits: QueryLimits, sink: QuerySink): Promise<QueryOutcome> {
  const connection = await connectAny(login.source, /does not support secure connection/i, (address, tls) => connect(login, address, tls));
  const db = connection.promise();
  try {
    return await withDeadline(limits.timeoutMs, () => connection.destroy(), timeLimitError, async () => {
      const [[{ v: serverVersion }]] = await db.query('SELECT VERSION() AS v') as unknown as [[{ v: string }]];
      await refusePowerfulUser(connection, login.source.user, login.source.database);
      if (/mariadb/i.test(serverVersion)) await db.query(`SET SESSION max_statement_time = ${Math.max(0.001, limits.timeoutMs / 1000)}`);
      else await db.query(`SET SESSION MAX_EXECUTION_TIME = ${Math.floor(limits.timeoutMs)}`);
      await db.query('SET SESSION TRANSACTION READ ONLY');
      await db.query('START TRANSACTION READ ONLY');
      const outcome = await streamRows(connection, query, limits.rowCap, sink);
      return { ...outcome, serverVersion };
    });
  } catch (error) {
    throw describeSourceError(error, 'query');
  } finally {
    // Destroying also drops a result stream abandoned at the cap (ending would wait for all its rows).
    connection.destroy();
  }
}

function streamRows(connection: mysql.Connection, query: string, rowCap: number, sink: QuerySink): Promise<{ rows: number; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    let total = 0;
    let truncated = false;
    let batch: unknown[][] = [];
    let columns: string[] | null = null;
    let chain: Promise<void> = Promise.resolve();
    const stream = connection.execute({ sql: query, rowsAsArray: true }).stream({ highWaterMark: 1000 });
    const flush = () => {
      const rows = batch;
      batch = [];
      if (rows.length > 0) chain = chain.then(() => sink.rows(rows.map((r) => r.map(toCell))));
    };
    stream.on('fields', (fields: { name: string }[]) => {
      columns = fields.map((f) => f.name);
      const names = columns;
      chain = chain.then(() => sink.header(names));
    });
    stream.on('data', (row: unknown[]) => {
      if (!Array.isArray(row)) return; // the result of a statement without rows (OK packet)
      if (total >= rowCap) {
        truncated = true;
        stream.destroy();
        flush();
        chain.then(() => resolve({ rows: total, truncated }), reject);
        return;
      }
      batch.push(row);
      total++;
      if (batch.length >= 5000) {
        flush();
        stream.pause();
        chain.then(() => stream.resume(), reject);
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      if (truncated) return;
      if (!columns) chain = chain.then(() => sink.header([]));
      flush();
      chain.then(() => resolve({ rows: total, truncated }), reject);
    });
  });
}
