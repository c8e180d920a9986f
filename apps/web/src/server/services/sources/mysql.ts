import mysql from 'mysql2';
import type { QueryLimits, QueryOutcome, QuerySink } from './query-runner';
import { toCell } from './query-runner';
import { describeSourceError } from './source-errors';

/**
 * MySQL/MariaDB: a READ ONLY transaction with the server's statement time limit (MariaDB:
 * max_statement_time in seconds; MySQL: MAX_EXECUTION_TIME in ms), rows streamed and the stream
 * abandoned at the cap.
 */
export async function runMysqlQuery(url: string, query: string, limits: QueryLimits, sink: QuerySink): Promise<QueryOutcome> {
  const connection = mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), connectTimeout: 10_000, dateStrings: ['DATE', 'DATETIME'], supportBigNumbers: true, bigNumberStrings: true });
  const db = connection.promise();
  connection.on('error', () => undefined);
  try {
    await db.connect();
  } catch (error) {
    connection.destroy();
    throw describeSourceError(error, 'connect');
  }
  try {
    const [[{ v: serverVersion }]] = await db.query('SELECT VERSION() AS v') as unknown as [[{ v: string }]];
    if (/mariadb/i.test(serverVersion)) await db.query(`SET SESSION max_statement_time = ${Math.max(1, Math.ceil(limits.timeoutMs / 1000))}`);
    else await db.query(`SET SESSION MAX_EXECUTION_TIME = ${Math.floor(limits.timeoutMs)}`);
    await db.query('START TRANSACTION READ ONLY');
    const outcome = await new Promise<{ rows: number; truncated: boolean }>((resolve, reject) => {
      let total = 0;
      let truncated = false;
      let batch: unknown[][] = [];
      let columns: string[] | null = null;
      let chain: Promise<void> = Promise.resolve();
      const stream = connection.query({ sql: query, rowsAsArray: true }).stream({ highWaterMark: 1000 });
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
        if (total >= limits.rowCap) {
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
    return { ...outcome, serverVersion };
  } catch (error) {
    throw describeSourceError(error, 'query');
  } finally {
    // Destroying also drops a result stream abandoned at the cap (ending would wait for all its rows).
    connection.destroy();
  }
}
